using System.Globalization;
using System.Text;

namespace Vigil.Events.Sources;

/// <summary>
/// The second form of an event's raw text that literal tests must also try: XML may spell any character as a numeric
/// reference and JSON escapes backslashes, so a literal of a field value may be absent from the raw text as written.
/// The readers' prefilter and the hunt's dispatch both test the raw text and, when it holds such spellings, this form.
/// </summary>
public static class RawTextForms
{
    /// <summary>
    /// The raw text decoded when it holds character references (XML) or, for a JSON record, escapes; null when it
    /// holds neither (then the raw text is the only form).
    /// </summary>
    public static string? Decoded(string raw)
    {
        char[] buffer = [];
        if (raw.Contains("&#", StringComparison.Ordinal))
        {
            return new string(DecodeCharacterReferences(raw, ref buffer));
        }

        return raw.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal) && raw.Contains('\\')
            ? new string(UnescapeJson(raw, ref buffer))
            : null;
    }

    /// <summary>
    /// The text with numeric character references decoded, so that the raw filter sees values as the fields hold them:
    /// XML may spell any character as a reference (<c>&amp;#50;282</c> is 2282). Testing both forms keeps the filter
    /// sound; other entities stay as they are (a literal the filter looks for never holds &amp;, &lt; or quotes).
    /// </summary>
    public static ReadOnlySpan<char> DecodeCharacterReferences(ReadOnlySpan<char> text, ref char[] buffer)
    {
        if (buffer.Length < text.Length)
        {
            buffer = new char[Math.Max(text.Length, buffer.Length * 2)];
        }

        var length = 0;
        while (!text.IsEmpty)
        {
            var at = text.IndexOf("&#", StringComparison.Ordinal);
            if (at < 0)
            {
                text.CopyTo(buffer.AsSpan(length));
                length += text.Length;
                break;
            }

            text[..at].CopyTo(buffer.AsSpan(length));
            length += at;
            text = text[at..];
            if (TryReadCharacterReference(text, out var code, out var consumed))
            {
                length += new Rune(code).EncodeToUtf16(buffer.AsSpan(length));
                text = text[consumed..];
            }
            else
            {
                buffer[length++] = '&';
                text = text[1..];
            }
        }

        return buffer.AsSpan(0, length);
    }

    /// <summary>Reads <c>&amp;#NNN;</c> or <c>&amp;#xHHH;</c> at the start of the text: the scalar value and the characters it spans.</summary>
    private static bool TryReadCharacterReference(ReadOnlySpan<char> text, out int code, out int consumed)
    {
        code = 0;
        consumed = 0;
        var hex = text.Length > 2 && text[2] == 'x';
        var digitsStart = hex ? 3 : 2;
        var end = text.IndexOf(';');
        if (end <= digitsStart || end > digitsStart + 8
            || !int.TryParse(text[digitsStart..end], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out code)
            || !Rune.IsValid(code))
        {
            return false;
        }

        consumed = end + 1;
        return true;
    }

    /// <summary>
    /// The text with JSON string escapes decoded, so that the raw filter sees values as the fields hold them
    /// (<c>C:\\m.dll</c> in the JSON is <c>C:\m.dll</c> in the field). Testing both forms keeps the filter sound.
    /// </summary>
    public static ReadOnlySpan<char> UnescapeJson(ReadOnlySpan<char> text, ref char[] buffer)
    {
        if (buffer.Length < text.Length)
        {
            buffer = new char[Math.Max(text.Length, buffer.Length * 2)];
        }

        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                buffer[n++] = c;
                continue;
            }

            var e = text[++i];
            if (e == 'u' && i + 4 < text.Length && ushort.TryParse(text.Slice(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                buffer[n++] = (char)code;
                i += 4;
                continue;
            }

            buffer[n++] = e switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                _ => e,
            };
        }

        return buffer.AsSpan(0, n);
    }
}
