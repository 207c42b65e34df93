using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's statistical eval functions (Search Reference, "Statistical eval functions"): min and max over every
/// value of every argument, multivalues included and nulls left out. Numbers come before strings and compare
/// numerically; strings compare lexicographically. A field's value that reads as a number is a number; a quoted
/// literal is a string (max(1, 3, 6, 7, "foo", name) is "foo" or a name above it, as the page says).
/// </summary>
internal static class StatisticalFunctions
{
    public static IEnumerable<EvalFunction> All =>
    [
        new("max", 1, 200, EvalType.Value, (c, r, x) => Extreme(c, r, x, 1)),
        new("min", 1, 200, EvalType.Value, (c, r, x) => Extreme(c, r, x, -1)),

        // random(): a pseudo-random integer from 0 to 2^31-1, as the page says; not for security.
#pragma warning disable CA5394
        new("random", 0, 0, EvalType.Value, static (_, _, _) => Value.FromNumber(Random.Shared.NextInt64(0, 1L << 31))),
#pragma warning restore CA5394
    ];

    /// <summary>The greatest value (sign 1) or the least (sign -1), as it was given.</summary>
    private static Value Extreme(CallExpression call, Row row, SearchContext context, int sign)
    {
        Candidate? best = null;
        for (var i = 0; i < call.ArgumentCount; i++)
        {
            var literalText = call.Arguments[i] is LiteralExpression { Value.Kind: ValueKind.Text };
            var value = call.Argument(i, row, context);
            var candidates = value.Kind == ValueKind.Multi
                ? value.Values.Select(v => new Candidate(Value.FromString(v), literalText))
                : value.IsNull ? [] : [new Candidate(value, literalText)];
            foreach (var candidate in candidates)
            {
                if (best is null || sign * candidate.CompareTo(best.Value) > 0)
                {
                    best = candidate;
                }
            }
        }

        return best?.Value ?? Value.Null;
    }

    private readonly record struct Candidate(Value Value, bool IsLiteralText)
    {
        private bool IsNumber(out double number)
        {
            number = 0;
            return !IsLiteralText && Value.TryGetNumber(out number);
        }

        public int CompareTo(Candidate other)
        {
            var numeric = IsNumber(out var a);
            var otherNumeric = other.IsNumber(out var b);
            if (numeric && otherNumeric)
            {
                return a.CompareTo(b);
            }

            return numeric != otherNumeric ? (numeric ? -1 : 1) : CodePointOrder.Instance.Compare(Value.FirstText, other.Value.FirstText);
        }
    }
}
