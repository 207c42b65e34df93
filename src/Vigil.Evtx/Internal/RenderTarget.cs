using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>
/// Where <see cref="BinXmlRenderer"/> writes a record: its XML text (<see cref="XmlTextTarget"/>) or its nodes for the
/// caller's decoder (<see cref="NodeTarget"/>). One walk decides what the record holds (NULL values left out, arrays
/// repeating their element), so the two cannot disagree about it.
/// </summary>
internal abstract class RenderTarget
{
    public abstract void StartElement(ElementNode element);

    public abstract void StartAttribute(AttributeNode attribute);

    public abstract void EndAttribute();

    /// <summary>The element has no child nodes at all.</summary>
    public abstract void EmptyElement();

    /// <summary>After the attributes of an element with child nodes; the result goes to <see cref="EndElement"/>.</summary>
    public abstract int StartContent();

    public abstract void EndElement(ElementNode element, int contentMark);

    /// <summary>Constant text, in an attribute value or in element content.</summary>
    public abstract void Text(TextNode text, bool attribute);

    /// <summary>Pre-rendered markup: CDATA, a reference, a processing instruction, a damage marker.</summary>
    public abstract void Markup(string markup);

    /// <summary>One scalar value (not an array, not BinXML).</summary>
    public abstract void Value(ReadOnlySpan<byte> data, byte type, bool attribute);

    /// <summary>The comma between the items of an array that is not element content.</summary>
    public abstract void ItemSeparator();

    /// <summary>Where to come back to when a nested BinXML value turns out damaged (<see cref="Rollback"/>).</summary>
    public abstract int Mark();

    public abstract void Rollback(int mark);
}

/// <summary>The record's XML, one line, as Windows renders it.</summary>
internal sealed class XmlTextTarget : RenderTarget
{
    private readonly StringBuilder _sb = new(4096);

    public void Clear() => _sb.Clear();

    public override string ToString() => _sb.ToString();

    public override void StartElement(ElementNode element) => _sb.Append(element.OpenTag);

    public override void StartAttribute(AttributeNode attribute) => _sb.Append(attribute.Prefix);

    public override void EndAttribute() => _sb.Append('"');

    public override void EmptyElement() => _sb.Append("/>");

    public override int StartContent()
    {
        _sb.Append('>');
        return _sb.Length;
    }

    public override void EndElement(ElementNode element, int contentMark)
    {
        // Children that rendered nothing (NULL values) leave an empty element, written as Windows writes it.
        if (_sb.Length == contentMark)
        {
            _sb.Length--;
            _sb.Append("/>");
        }
        else
        {
            _sb.Append(element.CloseTag);
        }
    }

    public override void Text(TextNode text, bool attribute) => _sb.Append(attribute ? text.Attribute : text.Content);

    public override void Markup(string markup) => _sb.Append(markup);

    public override void Value(ReadOnlySpan<byte> data, byte type, bool attribute) => ValueFormatter.Append(_sb, data, type, attribute);

    public override void ItemSeparator() => _sb.Append(',');

    public override int Mark() => _sb.Length;

    public override void Rollback(int mark) => _sb.Length = mark;
}

/// <summary>
/// The record's XML text and its nodes from one walk, for a decoder that also wants the raw text. Marks are the text's:
/// the nodes need none, and a walk that rolls back has damage, so its nodes are not used.
/// </summary>
internal sealed class TeeTarget(XmlTextTarget xml, NodeTarget nodes) : RenderTarget
{
    public override void StartElement(ElementNode element)
    {
        xml.StartElement(element);
        nodes.StartElement(element);
    }

    public override void StartAttribute(AttributeNode attribute)
    {
        xml.StartAttribute(attribute);
        nodes.StartAttribute(attribute);
    }

    public override void EndAttribute()
    {
        xml.EndAttribute();
        nodes.EndAttribute();
    }

    public override void EmptyElement()
    {
        xml.EmptyElement();
        nodes.EmptyElement();
    }

    public override int StartContent()
    {
        nodes.StartContent();
        return xml.StartContent();
    }

    public override void EndElement(ElementNode element, int contentMark)
    {
        xml.EndElement(element, contentMark);
        nodes.EndElement(element, contentMark);
    }

    public override void Text(TextNode text, bool attribute)
    {
        xml.Text(text, attribute);
        nodes.Text(text, attribute);
    }

    public override void Markup(string markup)
    {
        xml.Markup(markup);
        nodes.Markup(markup);
    }

    public override void Value(ReadOnlySpan<byte> data, byte type, bool attribute)
    {
        xml.Value(data, type, attribute);
        nodes.Value(data, type, attribute);
    }

    public override void ItemSeparator()
    {
        xml.ItemSeparator();
        nodes.ItemSeparator();
    }

    public override int Mark() => xml.Mark();

    public override void Rollback(int mark) => xml.Rollback(mark);
}
