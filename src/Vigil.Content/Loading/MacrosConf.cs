using Vigil.Spl.Macros;

namespace Vigil.Content.Loading;

/// <summary>Reads Splunk's macros.conf: <c>[name(N)]</c> stanzas with <c>definition</c> and <c>args</c>.</summary>
internal static class MacrosConf
{
    public static List<MacroDefinition> Parse(TextReader reader, string origin)
    {
        var result = new List<MacroDefinition>();
        foreach (var stanza in ConfFile.Parse(reader, origin))
        {
            if (!stanza.Values.TryGetValue("definition", out var definition))
            {
                throw new InvalidDataException($"{origin}: macro [{stanza.Name}] has no definition");
            }

            if (stanza.Values.TryGetValue("iseval", out var isEval) && isEval.Value is "1" or "true")
            {
                throw new InvalidDataException($"{origin}:{isEval.Line}: macro [{stanza.Name}] is an eval macro (iseval), which Vigil does not support");
            }

            var open = stanza.Name.IndexOf('(', StringComparison.Ordinal);
            var name = open >= 0 ? stanza.Name[..open] : stanza.Name;
            var arguments = stanza.Values.TryGetValue("args", out var args)
                ? args.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            result.Add(new MacroDefinition(name, arguments, definition.Value, $"{origin}:{definition.Line}"));
        }

        return result;
    }
}
