namespace Vigil.Knowledge.Conf;

/// <summary>One <c>key = value</c> line of a .conf file, with where it stands.</summary>
public sealed record ConfSetting(string Key, string Value, string Origin, int Line)
{
    public string Location => $"{Origin}:{Line}";
}

/// <summary>A <c>[stanza]</c>: its settings by key (a key given twice keeps the later value, as Splunk layers them).</summary>
public sealed class ConfStanza(string name, string origin, int line)
{
    private readonly Dictionary<string, ConfSetting> _settings = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public string Name { get; } = name;

    public string Origin { get; } = origin;

    public int Line { get; } = line;

    /// <summary>Settings in the order their keys first appeared.</summary>
    public IEnumerable<ConfSetting> Settings => _order.Select(k => _settings[k]);

    public ConfSetting? this[string key] => _settings.GetValueOrDefault(key);

    public string? Value(string key) => _settings.TryGetValue(key, out var setting) ? setting.Value : null;

    public void Set(ConfSetting setting)
    {
        if (!_settings.ContainsKey(setting.Key))
        {
            _order.Add(setting.Key);
        }

        _settings[setting.Key] = setting;
    }
}

/// <summary>
/// A problem in knowledge: where, and what. A warning leaves out one setting and loading goes on; an error means an
/// add-on the user named could not be read at all.
/// </summary>
public sealed record KnowledgeProblem(string Origin, int? Line, string Message, bool IsError = false)
{
    /// <summary>Whether it is in Vigil's own shipped knowledge (a bug in Vigil, not in the user's files).</summary>
    public bool IsShipped => Origin.StartsWith("shipped:", StringComparison.Ordinal);

    public override string ToString() => Line is { } line ? $"{Origin}:{line}: {Message}" : $"{Origin}: {Message}";
}

/// <summary>
/// Splunk's .conf syntax: <c>[stanza]</c> headers, <c>key = value</c> lines, <c>#</c> comments, a trailing backslash
/// continuing a value on the next line, settings before any stanza belonging to <c>[default]</c>. A stanza named twice
/// in one file is one stanza. A line that is none of these is reported with its line number and skipped.
/// </summary>
public static class ConfFile
{
    public const string DefaultStanza = "default";

    public static List<ConfStanza> Parse(TextReader reader, string origin, List<KnowledgeProblem> problems)
    {
        var stanzas = new List<ConfStanza>();
        var byName = new Dictionary<string, ConfStanza>(StringComparer.Ordinal);
        ConfStanza? current = null;
        var skipping = false;
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

            if (trimmed.StartsWith('['))
            {
                var close = trimmed.LastIndexOf(']');
                if (close < 0)
                {
                    // Its settings belong to a stanza that cannot be named: they are left out, not given to [default].
                    problems.Add(new KnowledgeProblem(origin, start, "stanza header without a closing ']': the settings under it, up to the next stanza, are left out"));
                    current = null;
                    skipping = true;
                    continue;
                }

                current = Stanza(trimmed[1..close].Trim(), start);
                skipping = false;
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(new KnowledgeProblem(origin, start, $"expected 'key = value' or '[stanza]', found '{Shorten(trimmed)}'"));
                continue;
            }

            if (skipping)
            {
                continue;
            }

            current ??= Stanza(DefaultStanza, start);
            current.Set(new ConfSetting(trimmed[..equals].Trim(), trimmed[(equals + 1)..].Trim(), origin, start));
        }

        return stanzas;

        ConfStanza Stanza(string name, int at)
        {
            if (!byName.TryGetValue(name, out var stanza))
            {
                stanza = new ConfStanza(name, origin, at);
                byName.Add(name, stanza);
                stanzas.Add(stanza);
            }

            return stanza;
        }
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;
}
