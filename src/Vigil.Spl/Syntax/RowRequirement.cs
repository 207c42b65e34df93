namespace Vigil.Spl.Syntax;

/// <summary>
/// What a row must hold for a search expression to match it: one of these values, exactly but for case, in its field
/// (a value of a multivalue counts), as <c>field=value</c> compares. Worked out from <c>field=value</c> and
/// <c>IN</c> without wildcards or networks: one conjunct's values for AND (the fewest), every alternative's for OR.
/// An empty list: no row matches.
/// </summary>
internal sealed class RowRequirement
{
    private RowRequirement(IReadOnlyList<(string Field, string Value)> anyOf) => AnyOf = anyOf;

    public IReadOnlyList<(string Field, string Value)> AnyOf { get; }

    /// <summary>The requirement of <paramref name="expression"/>, over any fields; null when nothing can be said (any row may match).</summary>
    public static RowRequirement? Of(SearchExpression expression) => ValuesOf(expression, field: null) is { } values ? new(values) : null;

    /// <summary>
    /// The values of <paramref name="field"/> of which a row matching <paramref name="expression"/> holds one; null
    /// when nothing can be said of that field (the row may lack it and still match).
    /// </summary>
    public static IReadOnlyList<string>? ValuesOn(SearchExpression expression, string field) =>
        ValuesOf(expression, field)?.Select(v => v.Value).ToList();

    /// <summary>The fields of which <see cref="ValuesOn"/> can say something for <paramref name="expression"/>.</summary>
    public static IReadOnlySet<string> FieldsRequired(SearchExpression expression)
    {
        switch (expression)
        {
            case FieldComparison comparison when IsExactEquality(comparison):
                return new HashSet<string>(StringComparer.Ordinal) { comparison.Field };
            case FieldInExpression list when list.Alternatives.All(IsExactEquality):
                return new HashSet<string>(StringComparer.Ordinal) { list.Field };
            case AndExpression all:
                var union = new HashSet<string>(StringComparer.Ordinal);
                foreach (var operand in all.Operands)
                {
                    union.UnionWith(FieldsRequired(operand));
                }

                return union;
            case OrExpression any when any.Operands.Count > 0:
                var common = new HashSet<string>(FieldsRequired(any.Operands[0]), StringComparer.Ordinal);
                foreach (var operand in any.Operands.Skip(1))
                {
                    common.IntersectWith(FieldsRequired(operand));
                }

                return common;
            default:
                return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    // With a field, only comparisons of that field count; without, any field's.
    private static List<(string Field, string Value)>? ValuesOf(SearchExpression expression, string? field)
    {
        switch (expression)
        {
            case FieldComparison comparison when IsExactEquality(comparison) && (field is null || comparison.Field == field):
                return [(comparison.Field, comparison.Value)];
            case FieldInExpression list when list.Alternatives.All(IsExactEquality) && (field is null || list.Field == field):
                return [.. list.Alternatives.Select(a => (a.Field, a.Value))];
            case AndExpression all:
                // Every conjunct must hold: any one's values will do, and the fewest let the fewest rows through.
                List<(string, string)>? fewest = null;
                foreach (var operand in all.Operands)
                {
                    if (ValuesOf(operand, field) is { } values && (fewest is null || values.Count < fewest.Count))
                    {
                        fewest = values;
                    }
                }

                return fewest;
            case OrExpression any:
                var union = new List<(string, string)>();
                foreach (var operand in any.Operands)
                {
                    if (ValuesOf(operand, field) is not { } values)
                    {
                        return null;
                    }

                    union.AddRange(values);
                }

                return union;
            case MatchNoneExpression:
                return [];
            default:
                return null;
        }
    }

    private static bool IsExactEquality(FieldComparison comparison) => comparison.Operator == SearchOperator.Equal && comparison.IsExact;
}
