using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Which arms of a <c>case()</c> can hold for a value of the one field most of its conditions test: the add-ons' evals
/// run on every event and test EventCode arm after arm (<c>EventCode=="4688"</c>, <c>in(EventCode, "4720", ...)</c>,
/// <c>EventCode=="3" AND ...</c>). An arm whose condition can hold only for some values of the field (what
/// <c>=</c> and <c>in()</c> compare it with, through AND and OR) is tested only for those values; every other arm
/// always is; the arms are still tested in order, each whole. A number, or text that reads as one, equals a literal
/// that reads as the same number; other text equals a literal of the same text (as <c>=</c> compares them). A
/// multivalue, a time or a Boolean in the field has every arm tested.
/// </summary>
internal sealed class CaseTable
{
    // With fewer arms told apart, testing them all is as fast.
    private const int MinimumArms = 3;

    private readonly FieldExpression _field;
    private readonly Dictionary<double, int[]> _byNumber = [];
    private readonly Dictionary<string, int[]> _byText = new(StringComparer.Ordinal);
    private readonly int[] _always;
    private readonly int[] _every;

    private CaseTable(FieldExpression field, int arms, List<(int Arm, List<Value>? Values)> requirements)
    {
        _field = field;
        _every = [.. Enumerable.Range(0, arms)];
        _always = [.. requirements.Where(r => r.Values is null).Select(r => r.Arm)];
        var byNumber = new Dictionary<double, SortedSet<int>>();
        var byText = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var (arm, values) in requirements)
        {
            foreach (var value in values ?? [])
            {
                if (value.TryGetNumber(out var number))
                {
                    Add(byNumber, number, arm);
                }
                else
                {
                    Add(byText, value.ToString(), arm);
                }
            }
        }

        // Each value's arms with the arms that hold whatever the value, in order.
        foreach (var (number, arms2) in byNumber)
        {
            _byNumber[number] = [.. arms2.Union(_always).Order()];
        }

        foreach (var (text, arms2) in byText)
        {
            _byText[text] = [.. arms2.Union(_always).Order()];
        }
    }

    /// <summary>The table of a case()'s arms; null when fewer than three arms are told apart by one field's value.</summary>
    public static CaseTable? Of(IReadOnlyList<EvalExpression> arguments)
    {
        var arms = arguments.Count / 2;
        FieldExpression? field = null;
        var requirements = new List<(int, List<Value>?)>();
        for (var arm = 0; arm < arms; arm++)
        {
            var values = Requirement(arguments[arm * 2], ref field);
            requirements.Add((arm, values));
        }

        return field is not null && requirements.Count(r => r.Item2 is not null) >= MinimumArms ? new CaseTable(field, arms, requirements) : null;
    }

    /// <summary>The arms to test for the row, in order: those that can hold for its value of the field.</summary>
    public ReadOnlySpan<int> ArmsFor(Row row, SearchContext context)
    {
        var value = _field.Evaluate(row, context);
        if (value.IsNull)
        {
            return _always;
        }

        if (value.Kind is ValueKind.Multi or ValueKind.Time or ValueKind.Boolean)
        {
            return _every;
        }

        if (value.TryGetNumber(out var number))
        {
            return _byNumber.TryGetValue(number, out var arms) ? arms : _always;
        }

        return _byText.TryGetValue(value.ToString(), out var textArms) ? textArms : _always;
    }

    private static void Add<TKey>(Dictionary<TKey, SortedSet<int>> map, TKey key, int arm)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var arms))
        {
            map[key] = arms = [];
        }

        arms.Add(arm);
    }

    /// <summary>
    /// The literals the field must equal for the condition to hold (null: it may hold whatever the field holds). The
    /// field is the first one a condition compares; conditions on other fields are unconstrained.
    /// </summary>
    private static List<Value>? Requirement(EvalExpression condition, ref FieldExpression? field)
    {
        switch (condition)
        {
            case BinaryExpression { Operator: BinaryOperator.And } and:
                return Requirement(and.Left, ref field) ?? Requirement(and.Right, ref field);
            case BinaryExpression { Operator: BinaryOperator.Or } or:
                return Requirement(or.Left, ref field) is { } left && Requirement(or.Right, ref field) is { } right ? [.. left, .. right] : null;
            case BinaryExpression { Operator: BinaryOperator.Equal } equal:
                return (equal.Left, equal.Right) switch
                {
                    (FieldExpression f, LiteralExpression l) => Compared(f, [l], ref field),
                    (LiteralExpression l, FieldExpression f) => Compared(f, [l], ref field),
                    _ => null,
                };
            case CallExpression { Name: "in" } call when call.Arguments[0] is FieldExpression f && call.Arguments.Skip(1).All(a => a is LiteralExpression):
                return Compared(f, [.. call.Arguments.Skip(1).Cast<LiteralExpression>()], ref field);
            default:
                return null;
        }
    }

    private static List<Value>? Compared(FieldExpression compared, IReadOnlyList<LiteralExpression> literals, ref FieldExpression? field)
    {
        if (literals.Any(l => l.Value.Kind is not (ValueKind.Number or ValueKind.Text)))
        {
            return null;
        }

        field ??= compared;
        return string.Equals(field.Name, compared.Name, StringComparison.Ordinal) ? [.. literals.Select(l => l.Value)] : null;
    }
}
