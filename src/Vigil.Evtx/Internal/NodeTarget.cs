using System.Buffers;
using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>
/// Gives a record to an <see cref="EvtxRecordDecoder"/> as the nodes an XML reader reports for its rendered XML:
/// text merged per node and read back as the reader reads it (<see cref="TextForm.Read"/>, line ends normalised in
/// element content, where the rendering leaves CR unescaped). Whatever the reader would take otherwise, or reject,
/// makes the record <see cref="Unsupported"/>, and it is decoded from its XML.
/// </summary>
internal sealed class NodeTarget : RenderTarget
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static readonly SearchValues<char> XmlWhitespace = SearchValues.Create(" \t\r\n");

    private readonly StringBuilder _text = new(1024);
    private char[] _chars = new char[1024];
    private EvtxRecordDecoder? _decoder;
    private string _attribute = string.Empty;
    private string? _constant;
    private int _depth;
    private bool _rootSeen;

    /// <summary>True once the record held something the nodes cannot give as its XML reads.</summary>
    public bool Unsupported { get; private set; }

    public void Start(EvtxRecordDecoder decoder)
    {
        _decoder = decoder;
        _text.Clear();
        _depth = 0;
        _rootSeen = false;
        Unsupported = false;
        decoder.StartRecord();
    }

    /// <summary>True when the record was given whole: one root element, closed, and nothing unsupported.</summary>
    public bool Finish()
    {
        FlushText();
        return !Unsupported && _rootSeen && _depth == 0;
    }

    public override void StartElement(ElementNode element)
    {
        FlushText();
        if (_depth == 0)
        {
            // A second root is not XML.
            Unsupported |= _rootSeen;
            _rootSeen = true;
        }

        Unsupported |= !element.PlainNames;
        _depth++;
        if (!Unsupported)
        {
            _decoder!.StartElement(element.Name);
        }
    }

    public override void StartAttribute(AttributeNode attribute)
    {
        _attribute = attribute.Name;
        _constant = attribute.Constant;
        _text.Clear();
    }

    public override void EndAttribute()
    {
        ReadOnlySpan<char> value = _constant is null ? Chars() : _constant;
        if (_attribute.StartsWith("xmlns", StringComparison.Ordinal) && !IsTakenDeclaration(_attribute, value))
        {
            Unsupported = true;
        }

        if (!Unsupported)
        {
            if (_constant is not null)
            {
                _decoder!.Attribute(_attribute, _constant);
            }
            else
            {
                _decoder!.Attribute(_attribute, value);
            }
        }

        _constant = null;
        _text.Clear();
    }

    public override void EmptyElement()
    {
        _depth--;
        if (!Unsupported)
        {
            _decoder!.EndElement();
        }
    }

    public override int StartContent() => 0;

    public override void EndElement(ElementNode element, int contentMark)
    {
        FlushText();
        EmptyElement();
    }

    public override void Text(TextNode text, bool attribute)
    {
        // A constant attribute value is handed over whole at its end.
        if (_constant is null)
        {
            XmlEscape.AppendRead(_text, text.Raw);
        }
    }

    public override void Markup(string markup) => Unsupported = true;

    public override void Value(ReadOnlySpan<byte> data, byte type, bool attribute) => ValueFormatter.Append(_text, data, type, attribute, TextForm.Read);

    public override void ItemSeparator() => _text.Append(',');

    // A damaged nested value is salvage, and a salvaged record is decoded from its XML: nothing to take back here.
    public override int Mark() => 0;

    public override void Rollback(int mark)
    {
    }

    /// <summary>Ends the text node under way, if any (before an element starts or ends, and at the end).</summary>
    private void FlushText()
    {
        if (_text.Length == 0)
        {
            return;
        }

        ReadOnlySpan<char> text = NormaliseLineEnds(Chars());
        if (_depth == 0)
        {
            // Outside the root only white space is XML.
            Unsupported |= text.ContainsAnyExcept(XmlWhitespace);
        }

        if (!Unsupported)
        {
            _decoder!.Text(text);
        }

        _text.Clear();
    }

    /// <summary>The pending text as a span of a reused buffer.</summary>
    private Span<char> Chars()
    {
        int n = _text.Length;
        if (_chars.Length < n)
        {
            _chars = new char[Math.Max(n, _chars.Length * 2)];
        }

        _text.CopyTo(0, _chars, n);
        return _chars.AsSpan(0, n);
    }

    /// <summary>CR LF and lone CR become LF, as an XML reader reads element content (in place: the text only shrinks).</summary>
    private static ReadOnlySpan<char> NormaliseLineEnds(Span<char> text)
    {
        int cr = text.IndexOf('\r');
        if (cr < 0)
        {
            return text;
        }

        int w = cr;
        for (int r = cr; r < text.Length; r++)
        {
            char c = text[r];
            if (c == '\r')
            {
                c = '\n';
                if (r + 1 < text.Length && text[r + 1] == '\n')
                {
                    r++;
                }
            }

            text[w++] = c;
        }

        return text[..w];
    }

    /// <summary>
    /// Whether an XML reader takes this namespace declaration: <c>xmlns</c> not bound to a reserved namespace, or
    /// <c>xmlns:p</c> with p neither <c>xml</c> nor <c>xmlns</c> and a value that is neither empty nor reserved.
    /// (Any other name starting "xmlns" is an ordinary attribute.)
    /// </summary>
    private static bool IsTakenDeclaration(string name, ReadOnlySpan<char> value)
    {
        bool reserved = value.SequenceEqual(XmlNamespace) || value.SequenceEqual(XmlnsNamespace);
        if (name.Length == 5)
        {
            return !reserved;
        }

        if (name[5] != ':')
        {
            return true;
        }

        ReadOnlySpan<char> prefix = name.AsSpan(6);
        return !reserved && !value.IsEmpty && !prefix.SequenceEqual("xml") && !prefix.SequenceEqual("xmlns");
    }
}
