using System.Text.RegularExpressions;
using Vigil.Events.Model;

namespace Vigil.Events.KeyValue;

/// <summary>
/// The fields Splunk's automatic key=value extraction (<c>KV_MODE = auto</c>, the default for a sourcetype no add-on
/// configures) finds in an event's text: every <c>key=value</c> and <c>key="quoted value"</c>, anywhere, several to a
/// line or one a line. A quoted value runs to the next double quote, backslashes kept (Windows paths stay as
/// written); an unquoted one to the next white space. Keys start with a letter (names starting with an underscore are
/// Splunk's own). Empty values make no field; a key given twice is multivalue.
/// </summary>
internal static partial class KeyValueParser
{
    [GeneratedRegex("""(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)=(?:"([^"]*)"|([^\s"]*))""", RegexOptions.CultureInvariant)]
    private static partial Regex Pair();

    public static List<EventField> Fields(string text)
    {
        var fields = new List<EventField>();
        foreach (Match match in Pair().Matches(text))
        {
            var value = match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value;
            if (value.Length > 0)
            {
                fields.Add(new EventField(match.Groups[1].Value, value));
            }
        }

        return fields;
    }
}
