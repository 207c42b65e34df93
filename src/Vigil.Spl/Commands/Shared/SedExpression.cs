using System.Text;
using System.Text.RegularExpressions;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Shared;

/// <summary>
/// A sed expression as <c>rex mode=sed</c> takes it: <c>s/regex/replacement/flags</c> replaces the first match, every
/// match (<c>g</c>) or the Nth (a number); <c>\1</c>..<c>\9</c> in the replacement stand for groups.
/// <c>y/abc/xyz/</c> maps each character of the first list to the one at the same place in the second. Splunk
/// implements no other sed command and no other flag; neither does Vigil.
/// </summary>
internal abstract class SedExpression
{
    public abstract string Apply(string text);

    /// <summary>Parses the expression; <paramref name="position"/> is where it stands in the search, for errors.</summary>
    public static SedExpression Parse(string text, int position, int length)
    {
        SplSyntaxException Error(string message, SplDiagnosticId id = SplDiagnosticId.SyntaxError, string? subject = null) =>
            new(position, length, $"rex sed expression '{text}': {message}", id, subject);

        if (text.Length < 2 || text[0] is not ('s' or 'y'))
        {
            throw Error("Splunk's sed mode knows only s/regex/replacement/flags and y/from/to/", SplDiagnosticId.UnsupportedFeature, "rex sed command");
        }

        var delimiter = text[1];
        if (char.IsLetterOrDigit(delimiter) || delimiter is '\\' || char.IsWhiteSpace(delimiter))
        {
            throw Error($"'{delimiter}' cannot delimit a sed expression");
        }

        var parts = Split(text, delimiter, 2) ?? throw Error($"expected three '{delimiter}' delimiters");
        var flags = text[parts.End..];
        if (text[0] == 'y')
        {
            if (flags.Length > 0)
            {
                throw Error($"y/// takes no flags, found '{flags}'");
            }

            var from = Unescape(parts.Parts[0]);
            var to = Unescape(parts.Parts[1]);
            return from.Length == to.Length ? new Transliteration(from, to) : throw Error("y/// needs two lists of the same length");
        }

        var occurrence = 1;
        if (flags == "g")
        {
            occurrence = 0;
        }
        else if (flags.Length > 0)
        {
            if (!int.TryParse(flags, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out occurrence) || occurrence < 1)
            {
                throw Error($"unsupported flags '{flags}' (Splunk's sed takes g or a number)", SplDiagnosticId.UnsupportedOption, "rex sed flags");
            }
        }

        var regex = PcreArgument.Compile(UnescapeDelimiter(parts.Parts[0], delimiter), position, length);

        var replacement = Replacement(parts.Parts[1], regex, message => Error(message, SplDiagnosticId.UnsupportedFeature, "rex sed replacement"));
        return new Substitution(regex, replacement, occurrence);
    }

    /// <summary>The expression's parts between unescaped delimiters, and where the flags start.</summary>
    private static (string[] Parts, int End)? Split(string text, char delimiter, int count)
    {
        var parts = new string[count];
        var start = 2;
        var index = 0;
        for (var i = 2; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                continue;
            }

            if (text[i] == delimiter)
            {
                parts[index++] = text[start..i];
                start = i + 1;
                if (index == count)
                {
                    return (parts, start);
                }
            }
        }

        return null;
    }

    private static string UnescapeDelimiter(string pattern, char delimiter) =>
        pattern.Replace("\\" + delimiter, delimiter.ToString(), StringComparison.Ordinal);

    /// <summary>y/// lists: <c>\n</c>, <c>\t</c>, <c>\\</c> and an escaped delimiter; any other character stands for itself.</summary>
    private static string Unescape(string list)
    {
        var builder = new StringBuilder(list.Length);
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] == '\\' && i + 1 < list.Length)
            {
                var next = list[++i];
                builder.Append(next switch { 'n' => '\n', 't' => '\t', _ => next });
                continue;
            }

            builder.Append(list[i]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The replacement in .NET's form: <c>\N</c> becomes group N as PCRE numbers groups, <c>\x</c> the character x,
    /// <c>$</c> a literal dollar.
    /// An unescaped <c>&amp;</c> (the whole match in GNU sed) is refused: Splunk documents only \N back-references.
    /// </summary>
    private static string Replacement(string text, Regex regex, Func<string, SplSyntaxException> error)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var next = text[++i];
                if (char.IsAsciiDigit(next))
                {
                    builder.Append(Pcre.GroupToken(regex, next - '0'));
                }
                else
                {
                    builder.Append(next switch { 'n' => "\n", 't' => "\t", '$' => "$$", _ => next.ToString() });
                }

                continue;
            }

            if (c == '&')
            {
                throw error("'&' in the replacement is not supported (Splunk documents only \\1..\\9; write \\& for a literal &)");
            }

            builder.Append(c == '$' ? "$$" : c.ToString());
        }

        return builder.ToString();
    }

    private sealed class Substitution(Regex regex, string replacement, int occurrence) : SedExpression
    {
        public override string Apply(string text)
        {
            if (occurrence == 0)
            {
                return regex.Replace(text, replacement);
            }

            var seen = 0;
            return regex.Replace(text, match => ++seen == occurrence ? match.Result(replacement) : match.Value, occurrence);
        }
    }

    private sealed class Transliteration(string from, string to) : SedExpression
    {
        public override string Apply(string text)
        {
            var chars = text.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                var at = from.IndexOf(chars[i], StringComparison.Ordinal);
                if (at >= 0)
                {
                    chars[i] = to[at];
                }
            }

            return new string(chars);
        }
    }
}
