using Vigil.Events.Sources;

namespace Vigil.Events.Classic;

/// <summary>
/// Splunk's classic WinEventLog text as events: each starts at a timestamp line (<c>03/11/2024 09:14:07 AM</c>), as
/// Splunk's <c>LINE_BREAKER</c> for the sourcetype breaks before <c>\d{2}/\d{2}/\d{2,4} \d{2}:\d{2}:\d{2} [AaPp][Mm]</c>,
/// and runs to the next one, so a Message of many lines stays whole.
/// </summary>
internal static class WinEventLogFramer
{
    public static IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? filter, int maxEventChars) =>
        new LineBlockFramer(reader, (line, _) => IsTimestampLine(line), maxEventChars).Frames(filter);

    /// <summary>
    /// Whether text (the first bytes of a file) starts like a classic event: a timestamp line, then a <c>key=value</c>
    /// line. Nothing else Vigil reads starts with a date, so this never takes XML or JSON.
    /// </summary>
    public static bool LooksLikeEventStart(ReadOnlySpan<char> text)
    {
        var end = text.IndexOf('\n');
        if (end < 0 || !IsTimestampLine(text[..end]))
        {
            return false;
        }

        var next = text[(end + 1)..];
        var nextEnd = next.IndexOf('\n');
        return ClassicEventParser.KeyLength(nextEnd < 0 ? next : next[..nextEnd]) > 0;
    }

    /// <summary><c>MM/dd/yyyy hh:mm:ss AM</c> (or a two-digit year), alone on its line.</summary>
    public static bool IsTimestampLine(ReadOnlySpan<char> line)
    {
        line = line.TrimEnd([' ', '\t', '\r']);
        // "MM/dd/yy hh:mm:ss AM" is 20 characters, with a four-digit year 22.
        var yearDigits = line.Length - 18;
        if (yearDigits is not (2 or 4))
        {
            return false;
        }

        var time = line[(6 + yearDigits)..];
        return Digits(line[..2]) && line[2] == '/' && Digits(line[3..5]) && line[5] == '/' && Digits(line.Slice(6, yearDigits))
            && time[0] == ' ' && Digits(time[1..3]) && time[3] == ':' && Digits(time[4..6]) && time[6] == ':' && Digits(time[7..9])
            && time[9] == ' ' && time[10] is 'A' or 'a' or 'P' or 'p' && time[11] is 'M' or 'm';
    }

    private static bool Digits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
