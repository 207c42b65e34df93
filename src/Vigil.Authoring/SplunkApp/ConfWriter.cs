using System.Text;

namespace Vigil.Authoring.SplunkApp;

/// <summary>A stanza to write: its name and its settings in order.</summary>
public sealed record ConfStanzaText(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings);

/// <summary>A value or name a .conf file cannot hold so that a reader gets it back.</summary>
public sealed class ConfValueException : Exception
{
    public ConfValueException()
        : base("value cannot be written to a .conf file")
    {
    }

    public ConfValueException(string message)
        : base(message)
    {
    }

    public ConfValueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Writes Splunk .conf text: <c>[stanza]</c> then <c>key = value</c>. A value holding newlines is written over several
/// lines, each but the last ending in a backslash (Splunk's line continuation). Readers trim values, so surrounding
/// whitespace is dropped here rather than silently there; a value whose last line ends in a backslash would continue
/// into the next setting, and a name or key holding a newline or '=' would split, so those are refused.
/// </summary>
public static class ConfWriter
{
    public static string Write(IEnumerable<ConfStanzaText> stanzas, string? header = null)
    {
        var text = new StringBuilder();
        if (header is not null)
        {
            text.Append("# ").Append(header).Append('\n');
        }

        foreach (var stanza in stanzas)
        {
            if (stanza.Name.Contains('\n', StringComparison.Ordinal) || stanza.Name.Contains('\r', StringComparison.Ordinal))
            {
                throw new ConfValueException($"stanza name '{stanza.Name}' holds a line break");
            }

            text.Append('\n').Append('[').Append(stanza.Name).Append("]\n");
            foreach (var (key, value) in stanza.Settings)
            {
                text.Append(Key(stanza.Name, key)).Append(" = ").Append(Value(stanza.Name, key, value)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Key(string stanza, string key)
    {
        if (key.Length == 0 || key.Trim() != key || key.IndexOfAny(['=', '\n', '\r', '[']) >= 0)
        {
            throw new ConfValueException($"[{stanza}]: key '{key}' cannot be written (empty, padded, or holding '=', '[' or a line break)");
        }

        return key;
    }

    private static string Value(string stanza, string key, string value)
    {
        var lines = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim().Split('\n');
        if (lines[^1].EndsWith('\\'))
        {
            throw new ConfValueException($"[{stanza}] {key}: the value ends in a backslash, which a .conf reader takes for a line continuation");
        }

        return string.Join("\\\n", lines);
    }
}
