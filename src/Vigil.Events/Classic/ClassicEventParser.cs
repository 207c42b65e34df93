using System.Globalization;
using Vigil.Events.Model;

namespace Vigil.Events.Classic;

/// <summary>
/// One event of Splunk's classic WinEventLog text as fields, as Splunk's extractions for the form give them: each
/// <c>key=value</c> line before <c>Message=</c> a field (<c>wel-eq-kv</c>), and <c>Message</c> everything from there to
/// the end of the event, continuation lines included (<c>wel-message</c>). Source <c>WinEventLog:&lt;LogName&gt;</c>,
/// sourcetype <c>WinEventLog</c>, host the ComputerName. See docs/fields.md.
/// </summary>
internal static class ClassicEventParser
{
    private const string MessageKey = "Message";

    private static readonly string[] TimestampFormats = ["MM/dd/yyyy hh:mm:ss tt", "MM/dd/yy hh:mm:ss tt"];

    /// <summary>Parses an event's text (its first line the timestamp line), or says why it is malformed.</summary>
    public static bool TryParse(string text, LineOrigin origin, out WinEvent? parsed, out string reason)
    {
        parsed = null;
        var lines = text.Split('\n');
        var stamp = lines[0].TrimEnd(' ', '\t', '\r');
        if (!TryParseTime(stamp, out var time))
        {
            reason = $"malformed event: \"{stamp}\" is not a valid date and time";
            return false;
        }

        var fields = new List<EventField>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var keyLength = KeyLength(line);
            if (keyLength == 0)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"malformed event: line {origin.Line + i} is not key=value before Message=: \"{Sample(line)}\"");
                return false;
            }

            var key = line[..keyLength];
            if (key == MessageKey)
            {
                // wel-message: the message runs to the end of the event, its own line breaks kept.
                var message = string.Join('\n', lines[i..].Select(l => l.TrimEnd('\r')))[(keyLength + 1)..].TrimEnd();
                Add(fields, key, message);
                break;
            }

            Add(fields, key, line[(keyLength + 1)..].TrimEnd());
        }

        var logName = First(fields, "LogName");
        if (logName is null || First(fields, "EventCode") is null)
        {
            reason = $"malformed event: no {(logName is null ? "LogName" : "EventCode")} line";
            return false;
        }

        var computer = First(fields, "ComputerName");
        parsed = new WinEvent(text, time, fields, origin, logName, computer, EventMetadata.WinEventLog(logName, computer));
        reason = string.Empty;
        return true;
    }

    /// <summary>The length of the key of a <c>key=value</c> line (a letter, then letters, digits, underscores), or 0.</summary>
    public static int KeyLength(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty || !char.IsAsciiLetter(line[0]))
        {
            return 0;
        }

        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '=')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(line[i]) && line[i] != '_')
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>
    /// The timestamp line has no zone. Splunk reads it in the zone of the instance that indexes it (props <c>TZ</c>,
    /// else the server's); Vigil cannot know that zone, so it reads UTC, which keeps results the same on every machine
    /// and is the zone of the Splunk containers contentctl tests in.
    /// </summary>
    private static bool TryParseTime(string stamp, out EventTime time)
    {
        if (DateTime.TryParseExact(stamp, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            time = EventTime.FromDateTime(utc);
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>Splunk keeps no empty extracted values: <c>Keywords=</c> makes no field.</summary>
    private static void Add(List<EventField> fields, string key, string value)
    {
        if (value.Length > 0)
        {
            fields.Add(new EventField(key, value));
        }
    }

    private static string? First(List<EventField> fields, string name) =>
        fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal)).Value;

    private static string Sample(string line) => line.Length > 80 ? line[..80] + "..." : line;
}
