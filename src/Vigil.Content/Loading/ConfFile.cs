namespace Vigil.Content.Loading;

/// <summary>
/// Splunk's .conf syntax: <c>[stanza]</c> headers, <c>key = value</c> lines, <c>#</c> comments, and a trailing
/// backslash continuing a value on the next line.
/// </summary>
internal static class ConfFile
{
    public sealed record Stanza(string Name, IReadOnlyDictionary<string, (string Value, int Line)> Values);

    public static List<Stanza> Parse(TextReader reader, string origin)
    {
        var stanzas = new List<Stanza>();
        string? name = null;
        var values = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        string? line;
        var lineNumber = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var start = lineNumber;
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
                if (name is not null)
                {
                    stanzas.Add(new Stanza(name, values));
                }

                name = trimmed[1..^1].Trim();
                values = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new InvalidDataException($"{origin}:{start}: expected 'key = value' or '[stanza]'");
            }

            if (name is null)
            {
                throw new InvalidDataException($"{origin}:{start}: '{trimmed[..equals].Trim()}' outside a [stanza]");
            }

            values[trimmed[..equals].Trim()] = (trimmed[(equals + 1)..].Trim(), start);
        }

        if (name is not null)
        {
            stanzas.Add(new Stanza(name, values));
        }

        return stanzas;
    }
}
