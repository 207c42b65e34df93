using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Spl.Values;

/// <summary>
/// Splunk's regular expressions are PCRE; .NET's differ in a few spellings. This translates them so the same pattern
/// means the same: <c>(?P&lt;name&gt;</c> and <c>(?P=name)</c> named groups, <c>\Q...\E</c> quoting, <c>\h</c>,
/// <c>\x{hhhh}</c> code points, and a backslash before any other non-alphanumeric character (<c>\_</c>,
/// <c>\/</c>), which PCRE reads as that character and .NET may refuse. Anything .NET still cannot compile is an error naming the pattern.
/// </summary>
public static class Pcre
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Compiles a PCRE pattern; throws <see cref="ArgumentException"/> with .NET's reason when it cannot.</summary>
    public static Regex Compile(string pattern, RegexOptions options = RegexOptions.None) =>
        new(Translate(pattern), options | RegexOptions.CultureInvariant, Timeout);

    public static string Translate(string pattern)
    {
        if (!pattern.Contains('\\', StringComparison.Ordinal) && !pattern.Contains("(?P", StringComparison.Ordinal))
        {
            return pattern;
        }

        var builder = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (next == 'Q')
                {
                    var end = pattern.IndexOf("\\E", i + 2, StringComparison.Ordinal);
                    var quoted = end < 0 ? pattern[(i + 2)..] : pattern[(i + 2)..end];
                    builder.Append(Regex.Escape(quoted));
                    i = end < 0 ? pattern.Length : end + 1;
                    continue;
                }

                if (next == 'x' && TryCodePoint(pattern, i + 2, out var code, out var close))
                {
                    // PCRE's \x{hhhh}: .NET reads only two hex digits after \x.
                    foreach (var unit in char.ConvertFromUtf32(code))
                    {
                        builder.Append("\\u").Append(((int)unit).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }

                    i = close;
                    continue;
                }

                if (next == 'h')
                {
                    builder.Append(inClass ? " \\t" : "[ \\t]");
                    i++;
                    continue;
                }

                if (!char.IsAsciiLetterOrDigit(next) && !IsDotNetEscapable(next))
                {
                    // PCRE: a backslash before a non-alphanumeric character stands for that character.
                    builder.Append(Regex.Escape(next.ToString()));
                    i++;
                    continue;
                }

                builder.Append(c).Append(next);
                i++;
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }
            else if (!inClass && c == '(' && string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                builder.Append("(?<");
                i += 3;
                continue;
            }
            else if (!inClass && c == '(' && string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var close = pattern.IndexOf(')', i);
                if (close > 0)
                {
                    builder.Append("\\k<").Append(pattern, i + 4, close - i - 4).Append('>');
                    i = close;
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A <c>{hhhh}</c> code point at <paramref name="open"/>: its value and where its closing brace is.</summary>
    private static bool TryCodePoint(string pattern, int open, out int code, out int close)
    {
        code = 0;
        close = open < pattern.Length && pattern[open] == '{' ? pattern.IndexOf('}', open) : -1;
        return close > open + 1
            && int.TryParse(pattern.AsSpan(open + 1, close - open - 1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out code)
            && code is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);
    }

    /// <summary>Characters .NET accepts after a backslash with their literal meaning.</summary>
    private static bool IsDotNetEscapable(char c) => c is '\\' or '*' or '+' or '?' or '|' or '{' or '}' or '[' or ']' or '(' or ')' or '^' or '$' or '.' or '#' or ' ' or '-' or '/' or '"' or '\'' or ':' or '<' or '>' or '=' or '!' or ',' or '&' or '%' or '@' or '~' or '`' or ';';
}
