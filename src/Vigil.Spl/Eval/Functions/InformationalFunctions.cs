using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's informational functions (Search Reference, "Informational functions"). A field's value that reads as
/// a number is a number; a quoted literal is a string even when it holds digits (<c>isnum("12")</c> is false), as
/// the page's NaN examples show.
/// </summary>
internal static class InformationalFunctions
{
    public static IEnumerable<EvalFunction> All =>
    [
        new("isnull", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(c.Argument(0, r, x).IsNull)),
        new("isnotnull", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(!c.Argument(0, r, x).IsNull)),
        new("isnum", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(KindOf(c, r, x) == Kind.Number)),
        new("isint", 1, 1, EvalType.Boolean, (c, r, x) =>
            Value.FromBoolean(KindOf(c, r, x) == Kind.Number && c.Argument(0, r, x).TryGetNumber(out var n) && n == Math.Floor(n))),
        new("isstr", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(KindOf(c, r, x) == Kind.String)),
        new("isbool", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(KindOf(c, r, x) == Kind.Bool))
        {
            ArgumentType = static _ => EvalType.Any,
        },
        new("ismv", 1, 1, EvalType.Boolean, (c, r, x) => Value.FromBoolean(c.Argument(0, r, x).Kind == ValueKind.Multi)),
        new("typeof", 1, 1, EvalType.Value, (c, r, x) => Value.FromString(KindOf(c, r, x).ToString()))
        {
            ArgumentType = static _ => EvalType.Any,
        },
    ];

    /// <summary>The names typeof() returns ("NumberStringBoolInvalid" in the page's example).</summary>
    private enum Kind
    {
        Number,
        String,
        Bool,
        Invalid,
    }

    private static Kind KindOf(CallExpression call, Row row, SearchContext context)
    {
        if (call.Arguments[0] is LiteralExpression { Value.Kind: ValueKind.Text })
        {
            return Kind.String;
        }

        var value = call.Argument(0, row, context);
        return value.Kind switch
        {
            ValueKind.Null => Kind.Invalid,
            ValueKind.Boolean => Kind.Bool,
            _ => value.TryGetNumber(out _) ? Kind.Number : Kind.String,
        };
    }
}
