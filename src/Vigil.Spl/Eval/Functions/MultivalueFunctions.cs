using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's multivalue functions (Search Reference, "Multivalue eval functions"). A single value is a multivalue of
/// one; null is a multivalue of none, so most return null for it. A result of one value is a single value and a
/// result of none is null, as everywhere in Splunk.
/// </summary>
internal static class MultivalueFunctions
{
    public static IEnumerable<EvalFunction> All =>
    [
        new("mvappend", 1, 200, EvalType.Value, (c, r, x) =>
            Value.FromMany(Enumerable.Range(0, c.ArgumentCount).SelectMany(i => c.Argument(i, r, x).Values).ToArray())),
        new("mvcount", 1, 1, EvalType.Value, (c, r, x) =>
        {
            var value = c.Argument(0, r, x);
            return value.IsNull ? Value.Null : Value.FromNumber(value.Count);
        }),
        new("mvdedup", 1, 1, EvalType.Value, (c, r, x) => Value.FromMany(c.Argument(0, r, x).Values.Distinct(StringComparer.Ordinal).ToArray())),
        new("mvfilter", 1, 1, EvalType.Value, MvFilter)
        {
            ArgumentType = static _ => EvalType.Boolean,
            Prepare = args => TheOneField(args[0], "mvfilter", "its expression"),
        },
        new("mvfind", 2, 2, EvalType.Value, (c, r, x) =>
        {
            var values = c.Argument(0, r, x).Values;
            var regex = RegexArgument.Of(c, 1, r, x);
            for (var i = 0; regex is not null && i < values.Count; i++)
            {
                if (regex.IsMatch(values[i]))
                {
                    return Value.FromNumber(i);
                }
            }

            return Value.Null;
        })
        {
            Prepare = args => RegexArgument.Prepare(args, 1),
        },
        new("mvindex", 2, 3, EvalType.Value, MvIndex),
        new("mvjoin", 2, 2, EvalType.Value, (c, r, x) =>
        {
            var value = c.Argument(0, r, x);
            var delimiter = c.Argument(1, r, x);
            return value.IsNull || delimiter.IsNull ? Value.Null : Value.FromString(string.Join(delimiter.FirstText, value.Values));
        }),
        new("mvmap", 2, 2, EvalType.Value, MvMap)
        {
            Prepare = args => TheOneField(args[0], "mvmap", "its first argument"),
        },
        new("mvrange", 2, 3, EvalType.Value, MvRange),
        new("mvreverse", 1, 1, EvalType.Value, (c, r, x) => Value.FromMany(c.Argument(0, r, x).Values.Reverse().ToArray())),
        new("mvsort", 1, 1, EvalType.Value, (c, r, x) => Value.FromMany(c.Argument(0, r, x).Values.Order(CodePointOrder.Instance).ToArray())),
        new("mvzip", 2, 3, EvalType.Value, MvZip),
        new("split", 2, 2, EvalType.Value, Split),
    ];

    /// <summary>The field an mvfilter or mvmap expression iterates over: it must read exactly one.</summary>
    private static string TheOneField(EvalExpression expression, string function, string where)
    {
        var fields = expression.FieldsRead().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return fields.Count == 1
            ? fields[0]
            : throw new SplSyntaxException(expression.Position, 1, $"{function}() needs exactly one field in {where}, found {(fields.Count == 0 ? "none" : string.Join(", ", fields))}");
    }

    /// <summary>
    /// Runs the step for each value with the field holding that value alone; the field's whole value is put back
    /// after, so the row is as it was.
    /// </summary>
    private static List<string> ForEachValue(Row row, string field, IReadOnlyList<string> values, Func<string, IEnumerable<string>> step)
    {
        var original = row[field];
        var results = new List<string>();
        try
        {
            foreach (var value in values)
            {
                row[field] = Value.FromString(value);
                results.AddRange(step(value));
            }
        }
        finally
        {
            row[field] = original;
        }

        return results;
    }

    /// <summary>mvfilter(predicate): the values of its one field for which the predicate is true.</summary>
    private static Value MvFilter(CallExpression call, Row row, SearchContext context)
    {
        var field = (string)call.State!;
        var predicate = call.Arguments[0];
        return Value.FromMany(ForEachValue(row, field, row[field].Values, value => predicate.IsTrue(row, context) ? [value] : []));
    }

    /// <summary>mvmap(mv, expression): the expression over each value of mv, its field bound to that value; null results are dropped.</summary>
    private static Value MvMap(CallExpression call, Row row, SearchContext context)
    {
        var field = (string)call.State!;
        var expression = call.Arguments[1];
        return Value.FromMany(ForEachValue(row, field, call.Argument(0, row, context).Values, _ => expression.Evaluate(row, context).Values));
    }

    /// <summary>mvindex(mv, start[, end]): 0-based, negative from the end, end inclusive and cut to the last value.</summary>
    private static Value MvIndex(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Argument(0, row, context);
        if (value.IsNull || !call.Argument(1, row, context).TryGetNumber(out var startNumber))
        {
            return Value.Null;
        }

        var values = value.Values;
        var start = (long)startNumber;
        start = start < 0 ? values.Count + start : start;
        var end = start;
        if (call.ArgumentCount == 3)
        {
            if (!call.Argument(2, row, context).TryGetNumber(out var endNumber))
            {
                return Value.Null;
            }

            end = (long)endNumber;
            end = end < 0 ? values.Count + end : end;
        }

        if (start < 0 || start >= values.Count || end < start)
        {
            return Value.Null;
        }

        end = Math.Min(end, values.Count - 1);
        return Value.FromMany(values.Skip((int)start).Take((int)(end - start + 1)).ToArray());
    }

    /// <summary>
    /// mvrange(start, end[, step]): numbers from start up to (not including) end. A step written as a time span
    /// ("7d") steps through calendar time in the search's time zone from start as an epoch time.
    /// </summary>
    private static Value MvRange(CallExpression call, Row row, SearchContext context)
    {
        if (!call.Argument(0, row, context).TryGetNumber(out var start) || !call.Argument(1, row, context).TryGetNumber(out var end))
        {
            return Value.Null;
        }

        var step = call.ArgumentCount == 3 ? call.Argument(2, row, context) : Value.FromNumber(1);
        var values = new List<string>();
        if (step.TryGetNumber(out var increment))
        {
            if (increment == 0)
            {
                return Value.Null;
            }

            for (var n = start; increment > 0 ? n < end : n > end; n += increment)
            {
                values.Add(Value.FormatNumber(n));
            }
        }
        else if (RelativeTime.TryParseOffset(step.FirstText, out var offset) && offset.Amount > 0)
        {
            var limit = Timestamp.FromSeconds((long)Math.Ceiling(end));
            for (var t = new Timestamp((long)(start * Timestamp.TicksPerSecond)); t < limit; t = offset.AddTo(t, context.Zone))
            {
                values.Add(Value.FormatEpoch(t.UnixTicks));
            }
        }
        else
        {
            return Value.Null;
        }

        return Value.FromMany(values);
    }

    /// <summary>mvzip(left, right[, delimiter]): the first values joined, then the seconds...; as many as the shorter has.</summary>
    private static Value MvZip(CallExpression call, Row row, SearchContext context)
    {
        var left = call.Argument(0, row, context);
        var right = call.Argument(1, row, context);
        var delimiter = call.ArgumentCount == 3 ? call.Argument(2, row, context) : Value.FromString(",");
        if (left.IsNull || right.IsNull || delimiter.IsNull)
        {
            return Value.Null;
        }

        return Value.FromMany(left.Values.Zip(right.Values, (a, b) => a + delimiter.FirstText + b).ToArray());
    }

    /// <summary>split(str, delimiter): each value split; an empty delimiter gives one value per character.</summary>
    private static Value Split(CallExpression call, Row row, SearchContext context)
    {
        var value = call.Argument(0, row, context);
        var delimiter = call.Argument(1, row, context);
        if (value.IsNull || delimiter.IsNull)
        {
            return Value.Null;
        }

        var separator = delimiter.FirstText;
        return Value.FromMany(value.Values
            .SelectMany(text => separator.Length == 0 ? TextFunctions.CodePoints(text) : (IEnumerable<string>)text.Split(separator))
            .ToArray());
    }
}
