using System.Globalization;
using Vigil.Events.Sources;

namespace Vigil.Events.Json;

/// <summary>
/// Cuts a stream of JSON text into the text of single top-level records without parsing them, so one damaged record
/// costs only itself and memory stays that of one record: JSON lines (one object a line), a top-level array (read
/// element by element, never whole), evtx_dump's <c>-o json</c> output (a <c>Record N</c> line before each
/// pretty-printed object) and any other run of objects separated by white space.
/// </summary>
/// <remarks>
/// A record ends where its braces balance (strings and escapes respected). It is cut short, and reported, when a
/// string runs past the end of its line (JSON strings hold no raw line breaks) or when a line inside it starts at
/// column 0 with <c>{</c> or <c>R</c>: no JSON value can continue that way, but the next JSON line or the next
/// <c>Record N</c> header starts so, which is what follows a truncated line.
/// </remarks>
internal sealed class JsonRecordFramer
{
    private const int BlockChars = 64 * 1024;
    private const int SampleChars = 80;

    private readonly TextReader _reader;
    private readonly int _maxRecordChars;
    private readonly int _maxDepth;
    private readonly char[] _block = new char[BlockChars];
    private int _position;
    private int _length;
    private bool _eof;
    private long _line = 1;
    private char[] _record = new char[4096];
    private int _recordLength;
    private char[] _unescaped = [];

    /// <param name="reader">The text.</param>
    /// <param name="maxRecordChars">The longest record kept (<see cref="ReaderLimits.JsonRecordSize"/>).</param>
    /// <param name="maxDepth">The deepest nesting of objects and arrays kept (<see cref="ReaderLimits.JsonDepth"/>).</param>
    public JsonRecordFramer(TextReader reader, int maxRecordChars, int maxDepth)
    {
        _reader = reader;
        _maxRecordChars = maxRecordChars;
        _maxDepth = maxDepth;
    }

    /// <summary>The frames in order: a record's text, a problem, or a record the filter rejected (never made a string).</summary>
    public IEnumerable<TextFrame> Frames(RawEventFilter? filter = null)
    {
        var inArray = false;
        while (true)
        {
            SkipWhiteSpace();
            var c = Peek();
            if (c < 0)
            {
                yield break;
            }

            var line = _line;
            if (c == '{')
            {
                yield return ReadRecord(filter);
            }
            else if (c == '[' && !inArray)
            {
                inArray = true;
                Next();
            }
            else if (inArray && (c == ',' || c == ']'))
            {
                inArray = c == ',';
                Next();
            }
            else
            {
                var text = ReadRestOfLine();
                if (!inArray && IsRecordHeader(text))
                {
                    continue;
                }

                var sample = text.Length > SampleChars ? text[..SampleChars] + "..." : text;
                yield return new TextFrame(null, line, $"text outside any JSON record: \"{sample}\"");
            }
        }
    }

    /// <summary>evtx_dump's <c>Record 1001307</c> line before each pretty-printed record.</summary>
    internal static bool IsRecordHeader(ReadOnlySpan<char> line)
    {
        line = line.TrimEnd();
        if (!line.StartsWith("Record ", StringComparison.Ordinal) || line.Length == 7)
        {
            return false;
        }

        foreach (var c in line[7..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the record that starts at the current '{'. The block is scanned in place, a character at a time without
    /// a call per character, and the record's text is copied from it a run at a time.
    /// </summary>
    private TextFrame ReadRecord(RawEventFilter? filter)
    {
        var line = _line;
        _recordLength = 0;
        var tooLong = false;
        var tooDeep = false;
        var depth = 0;
        var inString = false;
        var escaped = false;
        while (true)
        {
            if (_position == _length && !Fill())
            {
                return new TextFrame(null, line, "truncated record: the file ends before it closes");
            }

            var block = _block.AsSpan(0, _length);
            var start = _position;
            var i = start;
            for (; i < block.Length; i++)
            {
                var c = block[i];
                if (escaped)
                {
                    escaped = false;
                    _line += c == '\n' ? 1 : 0;
                }
                else if (inString)
                {
                    if (c == '"')
                    {
                        inString = false;
                    }
                    else if (c == '\\')
                    {
                        escaped = true;
                    }
                    else if (c == '\n')
                    {
                        _position = i + 1;
                        _line++;
                        return new TextFrame(null, line, string.Create(CultureInfo.InvariantCulture, $"truncated record: a string runs past the end of line {_line - 1}"));
                    }
                }
                else if (c == '"')
                {
                    inString = true;
                }
                else if (c is '{' or '[')
                {
                    depth++;
                    tooDeep |= depth > _maxDepth;
                }
                else if (c is '}' or ']')
                {
                    depth--;
                    if (depth == 0)
                    {
                        Append(block[start..(i + 1)], ref tooLong);
                        _position = i + 1;
                        return Complete(line, tooLong, tooDeep, filter);
                    }
                }
                else if (c == '\n')
                {
                    // What follows the line end decides, and it may be in the next block: the scan starts again after it.
                    Append(block[start..(i + 1)], ref tooLong);
                    _position = i + 1;
                    _line++;
                    if (Peek() is '{' or 'R')
                    {
                        return new TextFrame(null, line, string.Create(CultureInfo.InvariantCulture, $"truncated record: line {_line - 1} ends before the record closes"));
                    }

                    break;
                }
            }

            if (i == block.Length)
            {
                Append(block[start..], ref tooLong);
                _position = i;
            }
        }
    }

    private TextFrame Complete(long line, bool tooLong, bool tooDeep, RawEventFilter? filter)
    {
        if (tooLong)
        {
            return new TextFrame(null, line, string.Create(CultureInfo.InvariantCulture,
                $"record longer than {_maxRecordChars} characters ({ReaderLimits.Hint(ReaderLimits.JsonRecordSizeName)}): skipped")) { OverLimit = true };
        }

        if (tooDeep)
        {
            return new TextFrame(null, line, string.Create(CultureInfo.InvariantCulture,
                $"record nests objects and arrays deeper than {_maxDepth} levels ({ReaderLimits.Hint(ReaderLimits.JsonDepthName)}): skipped")) { OverLimit = true };
        }

        var span = _record.AsSpan(0, _recordLength);
        if (filter is not null && !filter(span) && !(span.Contains('\\') && filter(Unescape(span))))
        {
            return new TextFrame(null, line, null) { Skipped = true };
        }

        return new TextFrame(new string(span), line, null);
    }

    /// <summary>The text with JSON string escapes decoded (<see cref="RawTextForms"/>), in a reused buffer.</summary>
    private ReadOnlySpan<char> Unescape(ReadOnlySpan<char> text) => RawTextForms.UnescapeJson(text, ref _unescaped);

    /// <summary>Adds text to the record, up to the longest kept; past it, the record is marked too long.</summary>
    private void Append(ReadOnlySpan<char> text, ref bool tooLong)
    {
        if (tooLong)
        {
            return;
        }

        var room = _maxRecordChars - _recordLength;
        if (text.Length > room)
        {
            text = text[..room];
            tooLong = true;
        }

        if (_recordLength + text.Length > _record.Length)
        {
            Array.Resize(ref _record, Math.Max(_recordLength + text.Length, Math.Min(_maxRecordChars, _record.Length * 2)));
        }

        text.CopyTo(_record.AsSpan(_recordLength));
        _recordLength += text.Length;
    }

    private void SkipWhiteSpace()
    {
        while (Peek() is var c && c >= 0 && (char.IsWhiteSpace((char)c) || c == '\uFEFF'))
        {
            Next();
        }
    }

    private string ReadRestOfLine()
    {
        var text = new System.Text.StringBuilder();
        while (Peek() is var c && c >= 0 && c != '\n')
        {
            Next();
            if (text.Length <= SampleChars * 4)
            {
                text.Append((char)c);
            }
        }

        return text.ToString().Trim();
    }

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _block[_position];
    }

    private int Next()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        var c = _block[_position++];
        if (c == '\n')
        {
            _line++;
        }

        return c;
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _length = _reader.Read(_block, 0, _block.Length);
        _position = 0;
        if (_length == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }
}
