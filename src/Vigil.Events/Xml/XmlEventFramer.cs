using System.Globalization;
using System.Text;
using Vigil.Events.Sources;

namespace Vigil.Events.Xml;

/// <summary>
/// Cuts a stream of XML text into the text of single <c>&lt;Event&gt;</c> elements without parsing it, so that one
/// damaged event costs only itself: Splunk's one-event-a-line files, <c>wevtutil</c>/Event Viewer exports with an
/// <c>&lt;Events&gt;</c> wrapper, pretty-printed or not. Anything between events other than white space, an XML
/// declaration, comments and the wrapper is reported.
/// </summary>
internal sealed class XmlEventFramer
{
    private const int BlockChars = 64 * 1024;
    private const string StartTag = "<Event";
    private const string EndTag = "</Event>";

    private readonly TextReader _reader;
    private readonly int _maxEventChars;
    private char[] _buffer = new char[BlockChars * 2];
    private char[] _decoded = [];
    private int _start;
    private int _end;
    private long _lineAtStart = 1;
    private bool _eof;

    /// <param name="reader">The text.</param>
    /// <param name="maxEventChars">The longest event kept (<see cref="ReaderLimits.XmlEventSize"/>); a longer one is reported and skipped.</param>
    public XmlEventFramer(TextReader reader, int maxEventChars)
    {
        _reader = reader;
        _maxEventChars = maxEventChars;
    }

    /// <summary>
    /// The frames in order. A problem frame carries a reason instead of text. An event the filter rejects comes as a
    /// skipped frame, tested in place so that it costs no string.
    /// </summary>
    public IEnumerable<TextFrame> Frames(Sources.RawEventFilter? filter = null)
    {
        while (true)
        {
            var eventStart = FindEventStart(_start);
            if (eventStart < 0)
            {
                if (_eof)
                {
                    if (CheckBetweenEvents(_start, _end) is { } trailing)
                    {
                        yield return trailing;
                    }

                    yield break;
                }

                // Text between events is normally short: keep it whole until an event starts or the file ends, so a
                // wrapper tag split by a read is never mistaken for junk. Only a long run is checked and dropped
                // early, up to its last '<'.
                if (_end - _start >= BlockChars)
                {
                    var lastTag = _buffer.AsSpan(_start, _end - _start).LastIndexOf('<');
                    var cut = lastTag > 0 ? _start + lastTag : _end;
                    if (CheckBetweenEvents(_start, cut) is { } junk)
                    {
                        yield return junk;
                    }

                    Advance(cut);
                }

                Fill();
                continue;
            }

            if (CheckBetweenEvents(_start, eventStart) is { } between)
            {
                yield return between;
            }

            Advance(eventStart);
            var closed = FindEventEnd(out var endIndex, out var nextStart);
            if (closed && endIndex - _start > _maxEventChars)
            {
                // Read whole within the buffer, but longer than the limit allows.
                var line = _lineAtStart;
                Advance(endIndex);
                yield return new TextFrame(null, line, TooLong()) { OverLimit = true };
            }
            else if (closed)
            {
                var line = _lineAtStart;
                var span = _buffer.AsSpan(_start, endIndex - _start);
                if (filter is not null && !filter(span) && !(span.Contains("&#", StringComparison.Ordinal) && filter(DecodeCharacterReferences(span))))
                {
                    Advance(endIndex);
                    yield return new TextFrame(null, line, null) { Skipped = true };
                    continue;
                }

                var text = new string(span);
                Advance(endIndex);
                yield return new TextFrame(text, line, null);
            }
            else
            {
                var line = _lineAtStart;
                var overLimit = nextStart < 0 && _end - _start >= _maxEventChars;
                var reason = nextStart >= 0
                    ? $"truncated event: no </Event> before the next <Event> on line {LineAt(nextStart)}"
                    : overLimit
                        ? TooLong()
                        : "truncated event: the file ends before </Event>";
                yield return new TextFrame(null, line, reason) { OverLimit = overLimit };
                Advance(nextStart >= 0 ? nextStart : _end);
                if (nextStart < 0 && !_eof)
                {
                    // An oversized event: skip to the next event start.
                    SkipOversized();
                }
            }
        }
    }

    private string TooLong() =>
        string.Create(CultureInfo.InvariantCulture, $"event longer than {_maxEventChars} characters ({ReaderLimits.Hint(ReaderLimits.XmlEventSizeName)}): skipped");

    /// <summary>The text with numeric character references decoded (<see cref="RawTextForms"/>), in a reused buffer.</summary>
    private ReadOnlySpan<char> DecodeCharacterReferences(ReadOnlySpan<char> text) => RawTextForms.DecodeCharacterReferences(text, ref _decoded);

    private void SkipOversized()
    {
        while (!_eof)
        {
            Fill();
            var next = FindEventStart(_start);
            if (next >= 0)
            {
                Advance(next);
                return;
            }

            Advance(Math.Max(_start, _end - StartTag.Length));
        }
    }

    /// <summary>Looks for the end tag of the event at <see cref="_start"/>, reading more as needed.</summary>
    private bool FindEventEnd(out int endIndex, out int nextStart)
    {
        var searchFrom = _start + StartTag.Length;
        while (true)
        {
            // An event is closed by the first end tag unless another event opens before it: that is looked for only up
            // to the end tag (the reading thread frames every event, and the next start lies past it).
            var end = IndexOf(EndTag, searchFrom, _end);
            var next = FindEventStart(_start + StartTag.Length, end >= 0 ? end : _end);
            if (end >= 0 && next < 0)
            {
                endIndex = end + EndTag.Length;
                nextStart = -1;
                return true;
            }

            if (next >= 0)
            {
                endIndex = -1;
                nextStart = next;
                return false;
            }

            if (_eof || _end - _start >= _maxEventChars)
            {
                endIndex = -1;
                nextStart = -1;
                return false;
            }

            searchFrom = Math.Max(_start + StartTag.Length, _end - EndTag.Length);
            var before = _start;
            Fill();
            searchFrom -= before - _start;
        }
    }

    /// <summary>The index of the next "&lt;Event" that opens an Event element (not "&lt;Events"), or -1.</summary>
    private int FindEventStart(int from) => FindEventStart(from, _end);

    /// <summary>The same, the element's start before <paramref name="to"/>.</summary>
    private int FindEventStart(int from, int to)
    {
        while (true)
        {
            var at = IndexOf(StartTag, from, to);
            if (at < 0)
            {
                return -1;
            }

            var after = at + StartTag.Length;
            if (after >= _end)
            {
                // Cannot tell "<Event " from "<Events" yet.
                return _eof ? at : -1;
            }

            var c = _buffer[after];
            if (c == '>' || c == '/' || char.IsWhiteSpace(c))
            {
                return at;
            }

            from = after;
        }
    }

    private int IndexOf(string value, int from, int to)
    {
        if (from >= to)
        {
            return -1;
        }

        var at = _buffer.AsSpan(from, to - from).IndexOf(value.AsSpan(), StringComparison.Ordinal);
        return at < 0 ? -1 : from + at;
    }

    /// <summary>Reports text between events that is neither white space nor XML that may stand there.</summary>
    private TextFrame? CheckBetweenEvents(int from, int to)
    {
        var span = _buffer.AsSpan(from, Math.Max(0, to - from));
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
                continue;
            }

            var rest = span[i..];
            int skip;
            if (rest.StartsWith("<?"))
            {
                skip = EndOf(rest, "?>");
            }
            else if (rest.StartsWith("<!--"))
            {
                skip = EndOf(rest, "-->");
            }
            else if (rest.StartsWith("<Events") || rest.StartsWith("</Events"))
            {
                skip = EndOf(rest, ">");
            }
            else
            {
                skip = -1;
            }

            if (skip < 0)
            {
                var line = LineAt(from + i);
                var lineEnd = rest.IndexOfAny('\r', '\n');
                var sample = new string(rest[..Math.Min(lineEnd < 0 ? rest.Length : lineEnd, 40)]);
                return new TextFrame(null, line, $"text outside any <Event> element: \"{sample}\"");
            }

            i += skip;
        }

        return null;
    }

    private static int EndOf(ReadOnlySpan<char> span, string terminator)
    {
        var at = span.IndexOf(terminator.AsSpan(), StringComparison.Ordinal);
        return at < 0 ? -1 : at + terminator.Length;
    }

    private long LineAt(int index)
    {
        // Most events are one line: finding no line end is quicker than counting them.
        var span = _buffer.AsSpan(_start, index - _start);
        var first = span.IndexOf('\n');
        return first < 0 ? _lineAtStart : _lineAtStart + 1 + span[(first + 1)..].Count('\n');
    }

    private void Advance(int to)
    {
        _lineAtStart = LineAt(to);
        _start = to;
    }

    private void Fill()
    {
        if (_eof)
        {
            return;
        }

        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_buffer.Length - _end < BlockChars)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
