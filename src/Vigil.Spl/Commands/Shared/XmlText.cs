using System.Globalization;
using System.Text;

namespace Vigil.Spl.Commands.Shared;

/// <summary>An XML element as an extractor sees it: its name, attributes, child elements and own text.</summary>
internal sealed class XmlElement(string name, int start)
{
    public string Name { get; } = name;

    public int Start { get; } = start;

    /// <summary>Where the element ends in the text (after its end tag).</summary>
    public int End { get; set; }

    public List<(string Name, string Value)> Attributes { get; } = [];

    public List<XmlElement> Children { get; } = [];

    /// <summary>The element's own text (not its children's), entities decoded.</summary>
    public StringBuilder Text { get; } = new();
}

/// <summary>
/// Reads XML leniently, as field extraction needs: elements, attributes, text and CDATA, the five named entities and
/// character references; declarations, comments and processing instructions are skipped. It never fails: an end tag
/// closes the nearest open element of its name, elements still open at the end are closed there, and text outside
/// any element is dropped.
/// </summary>
internal static class XmlText
{
    /// <summary>The top-level elements of the text; none when it holds no markup.</summary>
    public static List<XmlElement> Parse(string text)
    {
        var roots = new List<XmlElement>();
        var open = new List<XmlElement>();
        var position = 0;
        while (position < text.Length)
        {
            var lt = text.IndexOf('<', position);
            var textEnd = lt < 0 ? text.Length : lt;
            if (open.Count > 0 && textEnd > position)
            {
                open[^1].Text.Append(Decode(text.AsSpan(position, textEnd - position)));
            }

            if (lt < 0)
            {
                break;
            }

            position = ReadMarkup(text, lt, roots, open);
        }

        foreach (var element in open)
        {
            element.End = text.Length;
        }

        return roots;
    }

    /// <summary>Reads the markup at <paramref name="lt"/> and returns where the text goes on.</summary>
    private static int ReadMarkup(string text, int lt, List<XmlElement> roots, List<XmlElement> open)
    {
        if (string.CompareOrdinal(text, lt, "<!--", 0, 4) == 0)
        {
            return After(text, lt + 4, "-->");
        }

        if (string.CompareOrdinal(text, lt, "<![CDATA[", 0, 9) == 0)
        {
            var close = text.IndexOf("]]>", lt + 9, StringComparison.Ordinal);
            var end = close < 0 ? text.Length : close;
            if (open.Count > 0)
            {
                open[^1].Text.Append(text, lt + 9, end - lt - 9);
            }

            return close < 0 ? text.Length : close + 3;
        }

        if (lt + 1 < text.Length && text[lt + 1] is '?' or '!')
        {
            return After(text, lt + 2, ">");
        }

        if (lt + 1 < text.Length && text[lt + 1] == '/')
        {
            var close = text.IndexOf('>', lt);
            var name = text[(lt + 2)..(close < 0 ? text.Length : close)].Trim();
            var at = open.FindLastIndex(e => e.Name == name);
            if (at >= 0)
            {
                for (var i = open.Count - 1; i >= at; i--)
                {
                    open[i].End = close < 0 ? text.Length : close + 1;
                }

                open.RemoveRange(at, open.Count - at);
            }

            return close < 0 ? text.Length : close + 1;
        }

        var nameEnd = lt + 1;
        while (nameEnd < text.Length && !char.IsWhiteSpace(text[nameEnd]) && text[nameEnd] is not ('>' or '/'))
        {
            nameEnd++;
        }

        if (nameEnd == lt + 1)
        {
            // A '<' that starts no tag is text.
            if (open.Count > 0)
            {
                open[^1].Text.Append('<');
            }

            return lt + 1;
        }

        var element = new XmlElement(text[(lt + 1)..nameEnd], lt);
        var position = ReadAttributes(text, nameEnd, element, out var selfClosing);
        (open.Count > 0 ? open[^1].Children : roots).Add(element);
        if (selfClosing)
        {
            element.End = position;
        }
        else
        {
            open.Add(element);
        }

        return position;
    }

    private static int ReadAttributes(string text, int position, XmlElement element, out bool selfClosing)
    {
        selfClosing = false;
        while (position < text.Length)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                break;
            }

            if (text[position] == '>')
            {
                return position + 1;
            }

            if (text[position] == '/' && position + 1 < text.Length && text[position + 1] == '>')
            {
                selfClosing = true;
                return position + 2;
            }

            var nameStart = position;
            while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not ('=' or '>' or '/'))
            {
                position++;
            }

            var name = text[nameStart..position];
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length || text[position] != '=')
            {
                position = Math.Max(position, nameStart + 1);
                continue;
            }

            position++;
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position < text.Length && text[position] is '"' or '\'')
            {
                var quote = text[position];
                var close = text.IndexOf(quote, position + 1);
                var end = close < 0 ? text.Length : close;
                element.Attributes.Add((name, Decode(text.AsSpan(position + 1, end - position - 1))));
                position = close < 0 ? text.Length : close + 1;
            }
        }

        return text.Length;
    }

    private static int After(string text, int from, string terminator)
    {
        var at = text.IndexOf(terminator, from, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + terminator.Length;
    }

    /// <summary>Decodes &amp;lt; &amp;gt; &amp;amp; &amp;quot; &amp;apos; and character references; others stay as written.</summary>
    private static string Decode(ReadOnlySpan<char> text)
    {
        if (!text.Contains('&'))
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var semicolon = text[i] == '&' ? text[i..].IndexOf(';') : -1;
            if (semicolon > 1 && Entity(text.Slice(i + 1, semicolon - 1)) is { } decoded)
            {
                builder.Append(decoded);
                i += semicolon;
                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    private static string? Entity(ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "lt": return "<";
            case "gt": return ">";
            case "amp": return "&";
            case "quot": return "\"";
            case "apos": return "'";
        }

        if (name.Length > 1 && name[0] == '#')
        {
            var hex = name[1] is 'x' or 'X';
            var digits = name[(hex ? 2 : 1)..];
            if (int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                && code is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
            {
                return char.ConvertFromUtf32(code);
            }
        }

        return null;
    }
}
