using System.Runtime.CompilerServices;
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

    private static readonly ConditionalWeakTable<Regex, int[]> GroupNumberCache = new();

    /// <summary>
    /// PCRE numbers capture groups left to right, named or not; .NET numbers the unnamed ones first and the named ones
    /// after them. For each PCRE group number (index 1 is group 1), the number .NET gives that group in this regex, so
    /// that <c>$1</c> in a FORMAT and <c>\1</c> in a replacement mean the group Splunk means.
    /// </summary>
    public static int[] GroupNumbers(Regex regex) => GroupNumberCache.GetValue(regex, Number);

    /// <summary>A .NET replacement token for PCRE group <paramref name="pcreGroup"/> of the regex.</summary>
    public static string GroupToken(Regex regex, int pcreGroup)
    {
        var numbers = GroupNumbers(regex);
        var number = pcreGroup < numbers.Length ? numbers[pcreGroup] : pcreGroup;
        return "${" + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";
    }

    /// <summary>The match's group that PCRE numbers <paramref name="pcreGroup"/>.</summary>
    public static Group Group(Regex regex, Match match, int pcreGroup)
    {
        var numbers = GroupNumbers(regex);
        return match.Groups[pcreGroup < numbers.Length ? numbers[pcreGroup] : pcreGroup];
    }

    private static int[] Number(Regex regex)
    {
        var pattern = regex.ToString();
        var numbers = new List<int> { 0 };
        var unnamed = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    i++;
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    i++;
                }

                continue;
            }

            if (c != '(')
            {
                continue;
            }

            if (i + 1 >= pattern.Length || pattern[i + 1] != '?')
            {
                if ((regex.Options & RegexOptions.ExplicitCapture) == 0)
                {
                    numbers.Add(++unnamed);
                }

                continue;
            }

            if (i + 2 < pattern.Length && pattern[i + 2] is '<' or '\'' && i + 3 < pattern.Length && pattern[i + 3] is not ('=' or '!'))
            {
                var close = pattern.IndexOfAny(['>', '\''], i + 3);
                var name = close > i + 3 ? pattern[(i + 3)..close] : string.Empty;
                var named = regex.GroupNumberFromName(name);
                numbers.Add(named >= 0 ? named : ++unnamed);
            }
        }

        return [.. numbers];
    }
}
