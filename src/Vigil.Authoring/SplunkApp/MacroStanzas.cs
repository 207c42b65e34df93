using Vigil.Content.Loading;
using Vigil.Authoring.Sources;
using Vigil.Spl.Definitions;

namespace Vigil.Authoring.SplunkApp;

/// <summary>
/// macros.conf: <c>[name]</c> or <c>[name(N)]</c> with <c>definition</c>, <c>args</c> and the YAML's
/// <c>description</c>; a filter macro no content defines is written as <c>search *</c>, as contentctl's build does.
/// </summary>
public static class MacroStanzas
{
    public const string GeneratedFilterDefinition = "search *";

    public static ConfStanzaText For(MacroDefinition macro, ContentSources sources)
    {
        var settings = new List<KeyValuePair<string, string>> { new("definition", macro.Definition) };
        if (macro.Arguments.Count > 0)
        {
            settings.Add(new("args", string.Join(", ", macro.Arguments)));
        }

        var description = macro.Origin is { } origin ? sources.Find(origin, macro.Name)?.Text("description") : null;
        if (description is not null)
        {
            settings.Add(new("description", description));
        }

        return new ConfStanzaText(macro.Key, settings);
    }

    public static ConfStanzaText GeneratedFilter(string name) =>
        new(name, [new("definition", GeneratedFilterDefinition), new("description", "Update this macro to filter out false positives for the detection.")]);
}
