using Vigil.Spl.Macros;

namespace Vigil.Content.Loading;

/// <summary>Reads Splunk's macros.conf: <c>[name(N)]</c> stanzas with <c>definition</c> and <c>args</c>.</summary>
internal static class MacrosConf
{
    public static List<MacroDefinition> Parse(TextReader reader, string origin)
    {
        var result = new List<MacroDefinition>();
        string? stanza = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string? line;
        var lineNumber = 0;

        void Flush()
        {
            if (stanza is null)
            {
                return;
            }

            if (!values.TryGetValue("definition", out var definition))
            {
                throw new InvalidDataException($"{origin}: macro [{stanza}] has no definition");
            }

            if (values.TryGetValue("iseval", out var isEval) && isEval.Trim() is "1" or "true")
            {
                throw new InvalidDataException($"{origin}: macro [{stanza}] is an eval macro (iseval), which Vigil does not support");
            }

            var name = stanza.Contains('(', StringComparison.Ordinal) ? stanza[..stanza.IndexOf('(', StringComparison.Ordinal)] : stanza;
            var arguments = values.TryGetValue("args", out var args)
                ? args.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            result.Add(new MacroDefinition(name, arguments, definition, origin));
        }

        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            while (line.EndsWith('\\') && reader.ReadLine() is { } continuation)
            {
                lineNumber++;
                line = line[..^1] + "\n" + continuation;
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                Flush();
                stanza = trimmed[1..^1].Trim();
                values.Clear();
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new InvalidDataException($"{origin}:{lineNumber}: expected 'key = value' or '[stanza]'");
            }

            values[trimmed[..equals].Trim()] = trimmed[(equals + 1)..].Trim();
        }

        Flush();
        return result;
    }
}
