using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands.Shared;

/// <summary>
/// Finds the lookup a command names, as Splunk does: a lookup definition (a transforms.conf stanza, an ESCU lookup),
/// or a table file by its name (<c>foo.csv</c>), read with default matching. The table is checked now (its rows are
/// read on first use), so that a lookup that is missing or unreadable stops the search before it runs.
/// </summary>
internal static class LookupResolver
{
    public static LookupDefinition Resolve(SearchScope scope, string name, int position, int length)
    {
        var lookups = scope.Definitions.Lookups;
        var definition = lookups.GetValueOrDefault(name);
        if (definition is null && name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            definition = lookups.Values
                .Where(l => string.Equals(Path.GetFileName(l.Origin), name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(l => l.Name, StringComparer.Ordinal)
                .FirstOrDefault()?.AsFile(name);
        }

        if (definition is null)
        {
            throw new SplSyntaxException(position, length, $"unknown lookup '{name}'", SplDiagnosticId.UnknownLookup, name);
        }

        try
        {
            _ = definition.Header;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new SplSyntaxException(position, length, $"lookup '{name}' cannot be read: {e.Message}", SplDiagnosticId.UnknownLookup, name);
        }

        return definition;
    }
}
