using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>| from lookup:name</c> (or <c>from lookup name</c>): the rows of a lookup table, as <c>| inputlookup name</c>
/// gives them. The other dataset types are refused: datamodel (Vigil runs data models through tstats; which field
/// names <c>from datamodel</c> gives is not settled) and savedsearch (Vigil has no saved searches).
/// </summary>
internal sealed class FromSyntax : IGeneratorSyntax
{
    public IReadOnlyList<string> Names => ["from"];

    public Execution.SplGenerator Parse(CommandSite site)
    {
        var cursor = site.Cursor;
        cursor.SkipWhitespace();
        var typePosition = cursor.Position;
        var type = cursor.TryName() ?? throw cursor.Error("expected a dataset, such as lookup:name");
        string name;
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            name = type[(colon + 1)..];
            type = type[..colon];
            if (name.Length == 0)
            {
                name = cursor.ExpectFieldName("a dataset name after ':'");
            }
        }
        else
        {
            name = cursor.ExpectFieldName($"a dataset name after {type}");
        }

        if (!string.Equals(type, "lookup", StringComparison.OrdinalIgnoreCase))
        {
            throw new SplSyntaxException(typePosition, type.Length, $"from {type} is not supported (Vigil reads from lookup:name; run data models with tstats)", SplDiagnosticId.UnsupportedFeature, $"from {type.ToLowerInvariant()}");
        }

        var lookup = LookupResolver.Resolve(site.Scope, name, typePosition, cursor.Position - typePosition);
        Arguments.ExpectEnd(cursor, "from");
        return new InputlookupGenerator(site.Position, lookup, MatchAllExpression.Instance);
    }
}
