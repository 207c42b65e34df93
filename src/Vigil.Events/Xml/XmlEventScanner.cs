using System.Buffers;
using System.Globalization;

namespace Vigil.Events.Xml;

/// <summary>
/// Reads the XML that Windows and Splunk write for an event (elements, attributes in either quote style, text, the five
/// named entities and character references) straight into an <see cref="EventBuilder"/>, with no XML reader made per
/// event. It gives up (false) on anything else or anything it cannot vouch for: comments, CDATA, processing
/// instructions, a DOCTYPE, prefixed names, <c>xml:</c> attributes, line ends or tabs in attribute values (which a
/// reader turns into spaces), surrogates, references to characters XML forbids, malformed markup. The caller then reads the event with
/// <see cref="System.Xml.XmlReader"/>, which gives the same nodes or the error. So what it accepts, it reads as the
/// reader does: <c>XmlEventScannerTests</c> checks that against the reader over real and mutated events.
/// </summary>
internal static class XmlEventScanner
{
    private const int MaxAttributes = 32;

    // Where text or an attribute value needs more than a copy: a reference, a character a reader would normalize or
    // refuse, or the end of the text.
    private static readonly SearchValues<char> TextSpecial = SearchValues.Create("<&\r]");
    private static readonly SearchValues<char> AttributeSpecial = SearchValues.Create("<&\r\n\t");
    // The name characters it reads (a name with others, such as a prefix's colon, is left to an XML reader).
    private static readonly SearchValues<char> NameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    // Precompiled from the first call, where the generic ContainsAnyInRange<char> ran unoptimised under the JIT for
    // much of a short run, allocating a boxed char on every call.
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(
        Enumerable.Range(0xD800, 0xE000 - 0xD800).Select(c => (char)c).ToArray());

    /// <summary>
    /// Feeds the event's nodes to <paramref name="builder"/> in document order; false when the text is outside what it
    /// reads (the builder is then part-fed: reset it). Throws what the builder throws.
    /// </summary>
    public static bool TryRead(string text, EventBuilder builder)
    {
        var scanner = new Scanner(text, builder, t_scratch ??= new Scratch());
        return scanner.Document();
    }

    // A thread's arrays for open elements and a tag's attributes: one event is read at a time.
    [ThreadStatic]
    private static Scratch? t_scratch;

    private sealed class Scratch
    {
        // Open elements' names, innermost last, for their end tags.
        public string[] Open { get; set; } = new string[16];

        // A tag's attributes: the start and end of each one's name and value.
        public int[] Attributes { get; } = new int[MaxAttributes * 4];
    }

    private ref struct Scanner(string text, EventBuilder builder, Scratch scratch)
    {
        private readonly ReadOnlySpan<char> _s = text;
        private int _pos;
        private int _depth;

        public bool Document()
        {
            SkipWhitespace();
            if (!At('<') || !Element())
            {
                return false;
            }

            SkipWhitespace();
            return _pos == _s.Length;
        }

        /// <summary>One element and all it holds, from its '&lt;'.</summary>
        private bool Element()
        {
            while (true)
            {
                // At '<' of a start tag.
                _pos++;
                if (!Name(out var name))
                {
                    return false;
                }

                var attributes = new AttributeSpans(scratch.Attributes);
                bool empty;
                while (true)
                {
                    var spaced = SkipWhitespace();
                    if (_pos >= _s.Length)
                    {
                        return false;
                    }

                    if (_s[_pos] == '>')
                    {
                        _pos++;
                        empty = false;
                        break;
                    }

                    if (_s[_pos] == '/')
                    {
                        if (_pos + 1 >= _s.Length || _s[_pos + 1] != '>')
                        {
                            return false;
                        }

                        _pos += 2;
                        empty = true;
                        break;
                    }

                    if (!spaced || !Attribute(ref attributes))
                    {
                        return false;
                    }
                }

                // The whole tag is read and checked before any of it is given, as a reader gives it.
                var nameText = builder.Name(_s[name.Start..name.End]);
                builder.StartElement(nameText);
                for (var i = 0; i < attributes.Count; i++)
                {
                    var (attributeName, value) = attributes.Get(i);
                    if (!GiveAttribute(_s[attributeName.Start..attributeName.End], _s[value.Start..value.End]))
                    {
                        return false;
                    }
                }

                if (empty)
                {
                    builder.EndElement();
                    if (_depth == 0)
                    {
                        return true;
                    }
                }
                else
                {
                    if (_depth == scratch.Open.Length)
                    {
                        var open = scratch.Open;
                        Array.Resize(ref open, open.Length * 2);
                        scratch.Open = open;
                    }

                    scratch.Open[_depth++] = nameText;
                }

                // Content up to the next start tag, or end tags until the root closes.
                while (true)
                {
                    if (!Text())
                    {
                        return false;
                    }

                    if (_pos + 1 >= _s.Length)
                    {
                        return false;
                    }

                    if (_s[_pos + 1] != '/')
                    {
                        // A start tag (a name must follow: '!' and '?' are comments, CDATA, instructions).
                        break;
                    }

                    _pos += 2;
                    if (!Name(out var endName) || !_s[endName.Start..endName.End].SequenceEqual(scratch.Open[_depth - 1]))
                    {
                        return false;
                    }

                    SkipWhitespace();
                    if (!At('>'))
                    {
                        return false;
                    }

                    _pos++;
                    _depth--;
                    builder.EndElement();
                    if (_depth == 0)
                    {
                        return true;
                    }
                }
            }
        }

        /// <summary>
        /// Whether the scanner reads this attribute value as the reader does, checked while the tag is read: nothing of
        /// a tag is given before all of it is known good.
        /// </summary>
        private static bool Acceptable(ReadOnlySpan<char> name, ReadOnlySpan<char> raw)
        {
            if (raw.ContainsAny(Surrogates) || (name.SequenceEqual("xmlns") && raw.Contains("www.w3.org/", StringComparison.Ordinal)))
            {
                // Surrogates, and the reserved namespaces as the default one, which the reader refuses: left to it.
                return false;
            }

            if (raw.IndexOfAny(AttributeSpecial) < 0)
            {
                return true;
            }

            if (raw.Contains('<') || raw.ContainsAny('\r', '\n', '\t'))
            {
                return false;
            }

            var decoded = new Decoded();
            try
            {
                return decoded.Decode(raw, lineEnds: false);
            }
            finally
            {
                decoded.Dispose();
            }
        }

        private readonly bool GiveAttribute(ReadOnlySpan<char> name, ReadOnlySpan<char> raw)
        {
            if (raw.IndexOfAny(AttributeSpecial) < 0)
            {
                builder.Attribute(builder.Name(name), raw);
                return true;
            }

            var decoded = new Decoded();
            try
            {
                if (!decoded.Decode(raw, lineEnds: false))
                {
                    return false;
                }

                builder.Attribute(builder.Name(name), decoded.Text);
                return true;
            }
            finally
            {
                decoded.Dispose();
            }
        }

        /// <summary>The text before the next '&lt;' (there must be one), given as one node as a reader gives it.</summary>
        private bool Text()
        {
            var start = _pos;
            var end = _s[start..].IndexOf('<');
            if (end < 0)
            {
                return false;
            }

            end += start;
            _pos = end;
            if (end == start)
            {
                return true;
            }

            var raw = _s[start..end];
            if (raw.ContainsAny(Surrogates))
            {
                return false;
            }

            if (raw.IndexOfAny(TextSpecial) < 0)
            {
                builder.Text(raw, raw.ContainsAnyExcept(" \t\n") ? TextKind.Content : TextKind.Whitespace);
                return true;
            }

            if (raw.Contains("]]>", StringComparison.Ordinal))
            {
                return false;
            }

            var decoded = new Decoded();
            try
            {
                if (!decoded.Decode(raw, lineEnds: true))
                {
                    return false;
                }

                var value = decoded.Text;
                if (!value.ContainsAnyExcept(" \t\n\r"))
                {
                    // White space made by references: whether a reader calls it white space is left to the reader.
                    return !raw.Contains('&') && Give(value, TextKind.Whitespace);
                }

                return Give(value, TextKind.Content);
            }
            finally
            {
                decoded.Dispose();
            }
        }

        private readonly bool Give(ReadOnlySpan<char> text, TextKind kind)
        {
            builder.Text(text, kind);
            return true;
        }

        private bool Attribute(ref AttributeSpans attributes)
        {
            if (!Name(out var name))
            {
                return false;
            }

            SkipWhitespace();
            if (!At('='))
            {
                return false;
            }

            _pos++;
            SkipWhitespace();
            if (_pos >= _s.Length || _s[_pos] is not ('"' or '\''))
            {
                return false;
            }

            var quote = _s[_pos++];
            var length = _s[_pos..].IndexOf(quote);
            if (length < 0)
            {
                return false;
            }

            var value = (_pos, _pos + length);
            _pos += length + 1;
            if (attributes.Count == MaxAttributes || !Acceptable(_s[name.Start..name.End], _s[value.Item1..value.Item2]))
            {
                return false;
            }

            // A name twice in one tag is an error the reader reports.
            for (var i = 0; i < attributes.Count; i++)
            {
                var (other, _) = attributes.Get(i);
                if (_s[other.Start..other.End].SequenceEqual(_s[name.Start..name.End]))
                {
                    return false;
                }
            }

            attributes.Add(name, value);
            return true;
        }

        /// <summary>
        /// A name of ASCII letters, digits, '_', '-' and '.', not starting with a digit, '-' or '.'; no prefix (a reader
        /// checks that prefixes are declared), so "xml:space" and "p:Event" are left to it.
        /// </summary>
        private bool Name(out (int Start, int End) name)
        {
            var start = _pos;
            var length = _s[start..].IndexOfAnyExcept(NameChars);
            _pos = length < 0 ? _s.Length : start + length;
            name = (start, _pos);
            return _pos > start && !char.IsAsciiDigit(_s[start]) && _s[start] is not ('-' or '.');
        }

        private readonly bool At(char c) => _pos < _s.Length && _s[_pos] == c;

        /// <summary>Skips XML white space; whether there was any.</summary>
        private bool SkipWhitespace()
        {
            var start = _pos;
            while (_pos < _s.Length && _s[_pos] is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }

            return _pos > start;
        }
    }

    /// <summary>The name and value spans of one tag's attributes, in the thread's array.</summary>
    private struct AttributeSpans(int[] items)
    {
        public int Count { get; private set; }

        public void Add((int Start, int End) name, (int Start, int End) value)
        {
            var at = Count++ * 4;
            (items[at], items[at + 1], items[at + 2], items[at + 3]) = (name.Start, name.End, value.Start, value.End);
        }

        public readonly ((int Start, int End) Name, (int Start, int End) Value) Get(int i) =>
            ((items[i * 4], items[(i * 4) + 1]), (items[(i * 4) + 2], items[(i * 4) + 3]));
    }

    /// <summary>Text with its references replaced, in a pooled buffer.</summary>
    private struct Decoded : IDisposable
    {
        private char[]? _buffer;
        private int _length;

        public readonly ReadOnlySpan<char> Text => _buffer.AsSpan(0, _length);

        /// <summary>
        /// Replaces references and, with <paramref name="lineEnds"/>, the line ends XML reads as one line feed (CR LF,
        /// CR; not those written as references). False for a reference it does not vouch for: unknown, malformed, or to
        /// a character XML forbids.
        /// </summary>
        public bool Decode(ReadOnlySpan<char> raw, bool lineEnds)
        {
            _buffer = ArrayPool<char>.Shared.Rent(raw.Length);
            while (true)
            {
                var amp = raw.IndexOf('&');
                if (amp < 0)
                {
                    Append(raw, lineEnds);
                    return true;
                }

                Append(raw[..amp], lineEnds);
                raw = raw[(amp + 1)..];
                var semicolon = raw.IndexOf(';');
                if (semicolon <= 0)
                {
                    return false;
                }

                var reference = raw[..semicolon];
                raw = raw[(semicolon + 1)..];
                char c;
                switch (reference)
                {
                    case "lt":
                        c = '<';
                        break;
                    case "gt":
                        c = '>';
                        break;
                    case "amp":
                        c = '&';
                        break;
                    case "quot":
                        c = '"';
                        break;
                    case "apos":
                        c = '\'';
                        break;
                    default:
                        if (!CharacterReference(reference, out c))
                        {
                            return false;
                        }

                        break;
                }

                _buffer[_length++] = c;
            }
        }

        public void Dispose()
        {
            if (_buffer is not null)
            {
                ArrayPool<char>.Shared.Return(_buffer);
                _buffer = null;
            }
        }

        private void Append(ReadOnlySpan<char> text, bool lineEnds)
        {
            while (lineEnds && text.IndexOf('\r') is var cr and >= 0)
            {
                text[..cr].CopyTo(_buffer.AsSpan(_length));
                _length += cr;
                _buffer![_length++] = '\n';
                text = text[(cr + (cr + 1 < text.Length && text[cr + 1] == '\n' ? 2 : 1))..];
            }

            text.CopyTo(_buffer.AsSpan(_length));
            _length += text.Length;
        }

        /// <summary>&amp;#N; or &amp;#xH; to a character XML allows, within the Basic Multilingual Plane.</summary>
        private static bool CharacterReference(ReadOnlySpan<char> reference, out char c)
        {
            c = default;
            if (reference.Length < 2 || reference[0] != '#')
            {
                return false;
            }

            var hex = reference[1] == 'x';
            var digits = reference[(hex ? 2 : 1)..];
            if (digits.Length is 0 or > 6 || (hex ? digits.ContainsAnyExcept(HexDigits) : digits.ContainsAnyExceptInRange('0', '9')))
            {
                return false;
            }

            var code = int.Parse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture);
            if (code is not (0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD)))
            {
                return false;
            }

            c = (char)code;
            return true;
        }
    }
}
