using Vigil.Spl.Macros;

namespace Vigil.Content.Loading;

/// <summary>Reads event types from a Splunk <c>eventtypes.conf</c>: <c>[name]</c> stanzas with a <c>search = ...</c> line.</summary>
internal static class EventTypesConf
{
    public static List<EventTypeDefinition> Parse(TextReader reader, string origin)
    {
        var result = new List<EventTypeDefinition>();
        string? stanza = null;
        string? line;
        var lineNumber = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            // A trailing backslash continues the value on the next line.
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
                stanza = trimmed[1..^1].Trim();
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw new InvalidDataException($"{origin}:{lineNumber}: expected 'key = value' or '[stanza]'");
            }

            var key = trimmed[..equals].Trim();
            if (key == "search")
            {
                if (stanza is null)
                {
                    throw new InvalidDataException($"{origin}:{lineNumber}: search outside a [stanza]");
                }

                result.Add(new EventTypeDefinition(stanza, trimmed[(equals + 1)..].Trim(), $"{origin}:{lineNumber}"));
            }
        }

        return result;
    }
}
