using System.Globalization;
using System.Text;

namespace Vigil.Events.Sources;

/// <summary>
/// Cuts line-oriented text into events that span lines, as Splunk's line breaking does: an event starts at a line the
/// format says starts one and runs to the line before the next start (blank lines at its end dropped). Text before the
/// first event is a problem naming its lines. Memory stays that of one event: an event longer than the cap is
/// reported and skipped.
/// </summary>
internal sealed class LineBlockFramer
{
    private const int SampleChars = 80;

    private readonly TextReader _reader;
    private readonly int _maxEventChars;
    private readonly Func<string, bool, bool> _startsEvent;
    private readonly StringBuilder _text = new();
    private long _start;
    private long _end;
    private bool _tooLong;

    /// <param name="reader">The text.</param>
    /// <param name="startsEvent">Whether a line starts an event, given whether the line before it was blank (true at the start).</param>
    /// <param name="maxEventChars">The longest event kept (<see cref="ReaderLimits.TextEventSize"/>); a longer one is reported and skipped.</param>
    public LineBlockFramer(TextReader reader, Func<string, bool, bool> startsEvent, int maxEventChars)
    {
        _reader = reader;
        _startsEvent = startsEvent;
        _maxEventChars = maxEventChars;
    }

    public IEnumerable<TextFrame> Frames(RawEventFilter? filter)
    {
        long line = 0;
        var previousBlank = true;
        var inEvent = false;
        long strayStart = 0;
        long strayEnd = 0;
        string? straySample = null;
        while (_reader.ReadLine() is { } text)
        {
            line++;
            var blank = string.IsNullOrWhiteSpace(text);
            if (_startsEvent(text, previousBlank))
            {
                if (straySample is not null)
                {
                    yield return Stray(strayStart, strayEnd, straySample);
                    straySample = null;
                }

                if (inEvent)
                {
                    yield return Flush(filter);
                }

                inEvent = true;
                Begin(line);
                Append(text, line, blank);
            }
            else if (inEvent)
            {
                Append(text, line, blank);
            }
            else if (!blank)
            {
                if (straySample is null)
                {
                    strayStart = line;
                    straySample = text.Length > SampleChars ? text[..SampleChars] + "..." : text;
                }

                strayEnd = line;
            }

            previousBlank = blank;
        }

        if (straySample is not null)
        {
            yield return Stray(strayStart, strayEnd, straySample);
        }

        if (inEvent)
        {
            yield return Flush(filter);
        }
    }

    private static TextFrame Stray(long start, long end, string sample) =>
        new(null, start, $"text outside any event: \"{sample}\"") { EndLine = end };

    private void Begin(long line)
    {
        _text.Clear();
        _start = line;
        _end = line;
        _tooLong = false;
    }

    private void Append(string text, long line, bool blank)
    {
        if (!blank)
        {
            _end = line;
        }

        if (_tooLong)
        {
            return;
        }

        if (_text.Length + text.Length + (line > _start ? 1 : 0) > _maxEventChars)
        {
            // Past the cap the text is dropped, not kept: the event is reported with its lines instead.
            _tooLong = true;
            _text.Clear();
            return;
        }

        if (line > _start)
        {
            _text.Append('\n');
        }

        _text.Append(text);
    }

    private TextFrame Flush(RawEventFilter? filter)
    {
        if (_tooLong)
        {
            return new TextFrame(null, _start, string.Create(CultureInfo.InvariantCulture,
                $"event longer than {_maxEventChars} characters ({ReaderLimits.Hint(ReaderLimits.TextEventSizeName)}): skipped")) { EndLine = _end, OverLimit = true };
        }

        // Blank lines after the event's last text belong to no event.
        var text = _text.ToString().TrimEnd('\n', '\r', ' ', '\t');
        if (filter is not null && !filter(text))
        {
            return new TextFrame(null, _start, null) { Skipped = true };
        }

        return new TextFrame(text, _start, null) { EndLine = _end };
    }
}
