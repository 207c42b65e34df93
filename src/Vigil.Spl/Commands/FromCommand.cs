using Vigil.Spl.Commands.Shared;
using Vigil.Spl.DataModels;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>| from lookup:name</c> and <c>| from datamodel:Model.Dataset</c> (a colon or a space after the type, the name
/// quoted or not; Search Reference, "from"). A lookup gives its rows as <c>| inputlookup name</c> does; a data model
/// dataset gives its events with the default fields and the dataset's fields under their own names
/// (<see cref="DatasetRowShape"/>). savedsearch is refused: Vigil has no saved searches.
/// </summary>
internal sealed class FromSyntax : IGeneratorSyntax
{
    public IReadOnlyList<string> Names => ["from"];

    public Execution.SplGenerator Parse(CommandSite site)
    {
        var cursor = site.Cursor;
        cursor.SkipWhitespace();
        var typePosition = cursor.Position;
        var type = cursor.TryName() ?? throw cursor.Error("expected a dataset, such as lookup:name or datamodel:Model.Dataset");
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

        var length = cursor.Position - typePosition;
        Arguments.ExpectEnd(cursor, "from");
        switch (type.ToLowerInvariant())
        {
            case "lookup":
                return new InputlookupGenerator(site.Position, LookupResolver.Resolve(site.Scope, name, typePosition, length), MatchAllExpression.Instance);
            case "datamodel":
                return DataModel(site, name, typePosition, length);
            default:
                throw new SplSyntaxException(typePosition, type.Length, $"from {type} is not supported (Vigil reads from lookup:name and datamodel:Model.Dataset; it has no saved searches)", SplDiagnosticId.UnsupportedFeature, $"from {type.ToLowerInvariant()}");
        }
    }

    /// <summary><c>Model.Dataset</c>: the dataset's events, fields under their own names.</summary>
    private static DatasetEventSearch DataModel(CommandSite site, string name, int position, int length)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == name.Length - 1 || name.IndexOf('.', dot + 1) >= 0)
        {
            throw new SplSyntaxException(position, length, $"from datamodel needs <data model>.<dataset>, not '{name}'");
        }

        var model = DatasetResolver.Model(site.Scope, name[..dot], position, length);
        var dataset = DatasetResolver.Dataset(site.Scope, model, name[(dot + 1)..], position, length);
        return new DatasetEventSearch(site.Position, "from", dataset, DatasetRowShape.Plain(dataset));
    }
}
