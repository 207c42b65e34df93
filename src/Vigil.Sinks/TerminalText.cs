using System.Globalization;
using System.Text;

namespace Vigil.Sinks;

/// <summary>
/// Event data made safe to print on a terminal: it is attacker-controlled, and an escape sequence in a module path or a
/// command line would otherwise be interpreted (recolouring, moving the cursor, rewriting what the analyst sees, or
/// setting the window title). Control characters other than the line feed, DEL, the C1 controls and the Unicode
/// bidirectional overrides are shown as <c>\xHH</c> or <c>\uHHHH</c> instead.
/// </summary>
public static class TerminalText
{
    public static string Visible(string text)
    {
        if (!text.AsSpan().ContainsAny(Unsafe))
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!Unsafe.Contains(c))
            {
                output.Append(c);
            }
            else if (c <= '\u00FF')
            {
                output.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                output.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return output.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Unsafe = System.Buffers.SearchValues.Create(UnsafeCharacters());

    private static string UnsafeCharacters()
    {
        var chars = new StringBuilder();
        for (var c = '\u0000'; c <= '\u009F'; c++)
        {
            if ((c < ' ' && c != '\n') || c >= '\u007F')
            {
                chars.Append(c);
            }
        }

        return chars.Append("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069").ToString();
    }
}
