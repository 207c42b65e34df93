using System.Buffers;
using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>How a value's text is written.</summary>
internal enum TextForm
{
    /// <summary>XML-escaped, as the rendered XML holds it.</summary>
    Escaped,

    /// <summary>As is (the search text).</summary>
    Plain,

    /// <summary>
    /// What an XML reader gives back from the escaped form: the text itself, save the characters escaping replaces
    /// (lone surrogates, U+FFFE, U+FFFF become U+FFFD). Line ends are normalised per text node, not here.
    /// </summary>
    Read,
}

/// <summary>Appends text XML-escaped. Control characters become character references; lone surrogates become U+FFFD.</summary>
internal static class XmlEscape
{
    // The ASCII characters escaping changes (a vectorised search); the others it changes, surrogates and U+FFFE/U+FFFF,
    // all lie at or above U+D800, found by a vectorised range search (a set mixing both would be searched char by char).
    private static readonly SearchValues<char> TextSpecial = SearchValues.Create(BuildSpecial(attribute: false));
    private static readonly SearchValues<char> AttrSpecial = SearchValues.Create(BuildSpecial(attribute: true));

    /// <summary>
    /// U+D800 to U+FFFF, where every other character escaping changes lies. A search over it runs as precompiled code
    /// from the first call; the generic <c>IndexOfAnyInRange&lt;char&gt;</c> ran unoptimised under the JIT for much of
    /// a short run, allocating a boxed char on every call.
    /// </summary>
    internal static readonly SearchValues<char> HighRange = SearchValues.Create(
        Enumerable.Range(0xD800, 0x10000 - 0xD800).Select(c => (char)c).ToArray());

    private static string BuildSpecial(bool attribute)
    {
        var sb = new StringBuilder();
        for (char c = '\0'; c < ' '; c++)
        {
            if (c is not ('\t' or '\n' or '\r'))
            {
                sb.Append(c);
            }
        }

        if (attribute)
        {
            // Tabs and new lines in attribute values would be normalised to spaces by an XML reader.
            sb.Append("\t\n\r\"");
        }

        return sb.Append("&<>").ToString();
    }

    /// <summary>True when <paramref name="s"/> would change under attribute escaping (the stricter of the two).</summary>
    public static bool NeedsEscape(ReadOnlySpan<char> s)
    {
        if (s.IndexOfAny(AttrSpecial) >= 0)
        {
            return true;
        }

        for (var i = s.IndexOfAny(HighRange); i >= 0; i = s.IndexOfAny(HighRange))
        {
            if (char.IsSurrogate(s[i]) || s[i] >= '\uFFFE')
            {
                return true;
            }

            s = s[(i + 1)..];
        }

        return false;
    }

    /// <summary>Where the first character escaping may change is: an ASCII special, or one at or above U+D800.</summary>
    private static int IndexOfCandidate(ReadOnlySpan<char> s, SearchValues<char> ascii)
    {
        int i = s.IndexOfAny(ascii);
        int high = (i < 0 ? s : s[..i]).IndexOfAny(HighRange);
        return high >= 0 ? high : i;
    }

    /// <summary>Appends <paramref name="s"/> in <paramref name="form"/>: escaped for an attribute value or element content, as is, or as an XML reader reads the escaped form back.</summary>
    public static void Append(StringBuilder sb, ReadOnlySpan<char> s, bool attribute, TextForm form)
    {
        switch (form)
        {
            case TextForm.Escaped:
                Append(sb, s, attribute);
                break;
            case TextForm.Plain:
                sb.Append(s);
                break;
            default:
                AppendRead(sb, s);
                break;
        }
    }

    /// <summary>What an XML reader reads back from <see cref="Append(StringBuilder, ReadOnlySpan{char}, bool)"/>'s output.</summary>
    public static void AppendRead(StringBuilder sb, ReadOnlySpan<char> s)
    {
        while (true)
        {
            // Surrogates, U+FFFE and U+FFFF all lie at or above U+D800: one vectorised range test finds the candidates.
            int i = s.IndexOfAny(HighRange);
            if (i < 0)
            {
                sb.Append(s);
                return;
            }

            sb.Append(s[..i]);
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[i + 1]);
                s = s[(i + 2)..];
            }
            else
            {
                sb.Append(char.IsSurrogate(c) || c >= '\uFFFE' ? '\uFFFD' : c);
                s = s[(i + 1)..];
            }
        }
    }

    public static void Append(StringBuilder sb, ReadOnlySpan<char> s, bool attribute)
    {
        SearchValues<char> special = attribute ? AttrSpecial : TextSpecial;
        while (true)
        {
            int i = IndexOfCandidate(s, special);
            if (i < 0)
            {
                sb.Append(s);
                return;
            }

            if (i > 0)
            {
                sb.Append(s[..i]);
            }

            char c = s[i];
            int consumed = 1;
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[i + 1]);
                        consumed = 2;
                    }
                    else if (char.IsSurrogate(c) || c >= '\uFFFE')
                    {
                        sb.Append('\uFFFD');
                    }
                    else if (c >= '\uD800')
                    {
                        // U+E000..U+FFFD: found by the range search, but nothing to escape.
                        sb.Append(c);
                    }
                    else
                    {
                        AppendCharRef(sb, c);
                    }

                    break;
            }

            s = s[(i + consumed)..];
        }
    }

    private static void AppendCharRef(StringBuilder sb, char c)
    {
        const string Hex = "0123456789abcdef";
        sb.Append("&#x");
        if (c >= 0x10)
        {
            sb.Append(Hex[(c >> 4) & 0xF]);
        }

        sb.Append(Hex[c & 0xF]).Append(';');
    }
}
