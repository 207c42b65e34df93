using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's comparison and conditional functions (Search Reference, "Comparison and Conditional functions"). The
/// tests that read text (like, match, cidrmatch) are true when any value of a multivalue passes, as the comparison
/// operators are.
/// </summary>
internal static class ConditionalFunctions
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, Regex> LikePatterns = new(StringComparer.Ordinal);

    public static IEnumerable<EvalFunction> All =>
    [
        new("if", 3, 3, EvalType.Any, (c, r, x) => c.ArgumentAt(0).IsTrue(r, x) ? c.Argument(1, r, x) : c.Argument(2, r, x))
        {
            ArgumentType = static i => i == 0 ? EvalType.Boolean : EvalType.Any,
        },
        new("case", 2, 200, EvalType.Any, Case)
        {
            ArgumentType = EvalFunction.ConditionValuePairs,
            Prepare = args => RequirePairs(args, "case") ?? CaseTable.Of(args),
        },
        new("validate", 2, 200, EvalType.Any, Validate)
        {
            ArgumentType = EvalFunction.ConditionValuePairs,
            Prepare = args => RequirePairs(args, "validate"),
        },
        new("coalesce", 1, 200, EvalType.Any, Coalesce) { ArgumentType = static _ => EvalType.Any },
        new("nullif", 2, 2, EvalType.Value, (c, r, x) =>
        {
            var first = c.Argument(0, r, x);
            return BinaryExpression.Compare(BinaryOperator.Equal, first, c.Argument(1, r, x)).AsBoolean ? Value.Null : first;
        }),
        new("in", 2, 200, EvalType.Boolean, In) { Prepare = LiteralChoices.Of },
        new("like", 2, 2, EvalType.Boolean, (c, r, x) => Value.FromBoolean(Like(c.Argument(0, r, x), c.Argument(1, r, x)))),
        new("match", 2, 2, EvalType.Boolean, (c, r, x) =>
        {
            var text = c.Argument(0, r, x);
            if (c.State is TieredRegex prepared)
            {
                return Value.FromBoolean(text.AnyText(prepared, static (prepared, single) => prepared.IsMatch(single)));
            }

            var regex = RegexArgument.Of(c, 1, r, x);
            return Value.FromBoolean(regex is not null && text.AnyText(regex, static (regex, single) => regex.IsMatch(single)));
        })
        {
            Prepare = args => RegexArgument.Prepare(args, 1),
        },
        new("cidrmatch", 2, 2, EvalType.Boolean, CidrMatch),
        new("null", 0, 0, EvalType.Value, static (_, _, _) => Value.Null),
        new("true", 0, 0, EvalType.Boolean, static (_, _, _) => Value.True),
        new("false", 0, 0, EvalType.Boolean, static (_, _, _) => Value.False),
    ];

    /// <summary>SQL LIKE, case-sensitive: % any run, _ one character; null on either side is false.</summary>
    public static bool Like(Value text, Value pattern)
    {
        if (text.IsNull || pattern.IsNull)
        {
            return false;
        }

        return text.AnyText(LikeRegex(pattern.FirstText), static (regex, single) => regex.IsMatch(single));
    }

    /// <summary>
    /// The pattern as a regex, kept for the patterns searches write (a bounded number, so that patterns read from
    /// data do not grow the cache without end).
    /// </summary>
    private static Regex LikeRegex(string pattern)
    {
        if (LikePatterns.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        var builder = new StringBuilder("^");
        foreach (var rune in pattern.EnumerateRunes())
        {
            builder.Append(rune.Value switch
            {
                '%' => ".*",
                '_' => "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|.)",
                _ => Regex.Escape(rune.ToString()),
            });
        }

        var regex = new Regex(builder.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, RegexTimeout);
        if (LikePatterns.Count < 4096)
        {
            LikePatterns.TryAdd(pattern, regex);
        }

        return regex;
    }

    private static object? RequirePairs(IReadOnlyList<EvalExpression> arguments, string name) =>
        arguments.Count % 2 == 0
            ? null
            : throw new SplSyntaxException(arguments[^1].Position, 1, $"{name}() takes pairs of condition and value");

    private static Value Case(CallExpression call, Row row, SearchContext context)
    {
        if (call.State is CaseTable table)
        {
            foreach (var arm in table.ArmsFor(row, context))
            {
                if (call.ArgumentAt(arm * 2).IsTrue(row, context))
                {
                    return call.Argument((arm * 2) + 1, row, context);
                }
            }

            return Value.Null;
        }

        for (var i = 0; i + 1 < call.ArgumentCount; i += 2)
        {
            if (call.ArgumentAt(i).IsTrue(row, context))
            {
                return call.Argument(i + 1, row, context);
            }
        }

        return Value.Null;
    }

    /// <summary>validate(): the value after the first condition that is not true; null when all hold.</summary>
    private static Value Validate(CallExpression call, Row row, SearchContext context)
    {
        for (var i = 0; i + 1 < call.ArgumentCount; i += 2)
        {
            if (!call.ArgumentAt(i).IsTrue(row, context))
            {
                return call.Argument(i + 1, row, context);
            }
        }

        return Value.Null;
    }

    private static Value Coalesce(CallExpression call, Row row, SearchContext context)
    {
        for (var i = 0; i < call.ArgumentCount; i++)
        {
            var value = call.Argument(i, row, context);
            if (!value.IsNull)
            {
                return value;
            }
        }

        return Value.Null;
    }

    private static Value In(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Argument(0, row, context);
        if (call.State is LiteralChoices choices && choices.TryContains(value, out var found))
        {
            return Value.FromBoolean(found);
        }

        for (var i = 1; i < call.ArgumentCount; i++)
        {
            if (BinaryExpression.Compare(BinaryOperator.Equal, value, call.Argument(i, row, context)).AsBoolean)
            {
                return Value.True;
            }
        }

        return Value.False;
    }

    /// <summary>cidrmatch(cidr, ip): IPv4 or IPv6; a malformed block or address is false.</summary>
    private static Value CidrMatch(CallExpression call, Row row, SearchContext context)
    {
        var block = call.Argument(0, row, context);
        var ip = call.Argument(1, row, context);
        return Value.FromBoolean(!block.IsNull && Cidr.TryParse(block.FirstText, out var network)
            && ip.AnyText(network, static (network, address) => Cidr.Contains(network, address)));
    }
}
