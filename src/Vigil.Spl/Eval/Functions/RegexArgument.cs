using System.Text;
using System.Text.RegularExpressions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// A regular expression argument (match, replace, mvfind): compiled once when written as a literal, otherwise per
/// row from the value, which then matches nothing when it does not compile (a bad literal is a compile error).
/// </summary>
internal static class RegexArgument
{
    /// <summary>For <see cref="EvalFunction.Prepare"/>: the compiled literal at the index, or null.</summary>
    public static TieredRegex? Prepare(IReadOnlyList<EvalExpression> arguments, int index) =>
        arguments[index] is LiteralExpression { Value.Kind: ValueKind.Text } literal
            ? new TieredRegex(Compile(literal.Value.FirstText, literal.Position))
            : null;

    /// <summary>The call's regex for this row; null when the pattern is null or does not compile.</summary>
    public static Regex? Of(CallExpression call, int index, Row row, SearchContext context)
    {
        if (call.State is TieredRegex prepared)
        {
            return prepared.Regex;
        }

        var pattern = call.Argument(index, row, context);
        if (pattern.IsNull)
        {
            return null;
        }

        try
        {
            return Compile(pattern.FirstText, call.Position);
        }
        catch (SplSyntaxException)
        {
            return null;
        }
    }

    public static Regex Compile(string pattern, int position) => PcreArgument.Compile(pattern, position, 1);

    /// <summary>PCRE replacements write groups as \1 (numbered as PCRE numbers them); .NET as ${n}, with a literal $ doubled.</summary>
    public static string ToDotNetReplacement(string replacement, Regex regex)
    {
        var builder = new StringBuilder(replacement.Length + 4);
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '$')
            {
                builder.Append("$$");
            }
            else if (c == '\\' && i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]))
            {
                builder.Append(Pcre.GroupToken(regex, replacement[++i] - '0'));
            }
            else if (c == '\\' && i + 1 < replacement.Length && replacement[i + 1] == '\\')
            {
                builder.Append('\\');
                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
