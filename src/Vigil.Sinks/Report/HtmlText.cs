using System.Globalization;

namespace Vigil.Sinks.Report;

/// <summary>
/// Writes untrusted text (event data is attacker-controlled) into HTML text or a quoted attribute. Markup characters
/// become entities; everything outside printable ASCII becomes a numeric reference, so the page is the same bytes
/// whatever encoding the writer has. Characters that would hide or reorder text (controls, Unicode format characters
/// such as the right-to-left override, unpaired surrogates, noncharacters) are shown as a visible <c>[U+XXXX]</c>: a
/// report must show what the data holds, and XML parsers reject most of them outright.
/// </summary>
internal static class HtmlText
{
    public static void Write(TextWriter writer, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&':
                    writer.Write("&amp;");
                    break;
                case '<':
                    writer.Write("&lt;");
                    break;
                case '>':
                    writer.Write("&gt;");
                    break;
                case '"':
                    writer.Write("&quot;");
                    break;
                case '\'':
                    writer.Write("&#39;");
                    break;
                case '\t':
                case '\n':
                    writer.Write(c);
                    break;
                case '\r':
                    // CR LF and a lone CR are both one line break, as HTML's parser would read them.
                    if (i + 1 >= text.Length || text[i + 1] != '\n')
                    {
                        writer.Write('\n');
                    }

                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        WriteCodePoint(writer, char.ConvertToUtf32(c, text[i + 1]));
                        i++;
                    }
                    else if (char.IsSurrogate(c))
                    {
                        WriteVisible(writer, c);
                    }
                    else if (c is >= ' ' and < '\x7f')
                    {
                        writer.Write(c);
                    }
                    else
                    {
                        WriteCodePoint(writer, c);
                    }

                    break;
            }
        }
    }

    public static string Escape(string? text)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, text);
        return writer.ToString();
    }

    private static void WriteCodePoint(TextWriter writer, int codePoint)
    {
        if (IsHidden(codePoint))
        {
            WriteVisible(writer, codePoint);
        }
        else
        {
            writer.Write("&#x");
            writer.Write(codePoint.ToString("X", CultureInfo.InvariantCulture));
            writer.Write(';');
        }
    }

    private static void WriteVisible(TextWriter writer, int codePoint)
    {
        writer.Write("[U+");
        writer.Write(codePoint.ToString("X4", CultureInfo.InvariantCulture));
        writer.Write(']');
    }

    private static bool IsHidden(int codePoint)
    {
        if ((codePoint & 0xFFFE) == 0xFFFE || codePoint is >= 0xFDD0 and <= 0xFDEF)
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        return category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
    }
}
