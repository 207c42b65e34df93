using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Which arms of a <c>case()</c> can hold for a value of the one field most of its conditions test: the add-ons' evals
/// run on every event and test EventCode arm after arm (<c>EventCode=="4688"</c>, <c>in(EventCode, "4720", ...)</c>,
/// <c>EventCode=="3" AND ...</c>), or <c>upper(Status)</c> (the Windows add-on's ta_windows_action, seven times). An
/// arm whose condition can hold only for some values of the field, or of upper() or lower() of it (the key: what
/// <c>=</c> and <c>in()</c> compare with literals, through AND and OR), is tested only for those values, the key worked
/// out once for the row; every other arm always is; the arms are still tested in order, each whole. A number, or text
/// that reads as one, equals a literal that reads as the same number; other text equals a literal of the same text (as
/// <c>=</c> compares them). A multivalue, a time or a Boolean as the key has every arm tested.
/// </summary>
internal sealed class CaseTable
{
    // With fewer arms told apart, testing them all is as fast.
    private const int MinimumArms = 3;

    // What the arms compare: a field, or upper() or lower() of one.
    private readonly EvalExpression _key;
    private readonly Dictionary<double, int[]> _byNumber = [];
    private readonly Dictionary<string, int[]> _byText = new(StringComparer.Ordinal);
    private readonly int[] _always;
    private readonly int[] _every;

    private CaseTable(EvalExpression key, int arms, List<(int Arm, List<Value>? Values)> requirements)
    {
        _key = key;
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

    /// <summary>The table of a case()'s arms; null when fewer than three arms are told apart by one key's value.</summary>
    public static CaseTable? Of(IReadOnlyList<EvalExpression> arguments)
    {
        var arms = arguments.Count / 2;
        EvalExpression? key = null;
        var requirements = new List<(int, List<Value>?)>();
        for (var arm = 0; arm < arms; arm++)
        {
            var values = Requirement(arguments[arm * 2], ref key);
            requirements.Add((arm, values));
        }

        return key is not null && requirements.Count(r => r.Item2 is not null) >= MinimumArms ? new CaseTable(key, arms, requirements) : null;
    }

    /// <summary>The arms to test for the row, in order: those that can hold for its value of the key.</summary>
    public ReadOnlySpan<int> ArmsFor(Row row, SearchContext context)
    {
        var value = _key.Evaluate(row, context);
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
    /// The literals the key must equal for the condition to hold (null: it may hold whatever the key holds). The key is
    /// the first one a condition compares; conditions on other keys are unconstrained.
    /// </summary>
    private static List<Value>? Requirement(EvalExpression condition, ref EvalExpression? key)
    {
        switch (condition)
        {
            case BinaryExpression { Operator: BinaryOperator.And } and:
                return Requirement(and.Left, ref key) ?? Requirement(and.Right, ref key);
            case BinaryExpression { Operator: BinaryOperator.Or } or:
                return Requirement(or.Left, ref key) is { } left && Requirement(or.Right, ref key) is { } right ? [.. left, .. right] : null;
            case BinaryExpression { Operator: BinaryOperator.Equal } equal:
                return (equal.Left, equal.Right) switch
                {
                    (var k, LiteralExpression l) when KeyOf(k) is not null => Compared(k, [l], ref key),
                    (LiteralExpression l, var k) when KeyOf(k) is not null => Compared(k, [l], ref key),
                    _ => null,
                };
            case CallExpression { Name: "in" } call when KeyOf(call.Arguments[0]) is not null && call.Arguments.Skip(1).All(a => a is LiteralExpression):
                return Compared(call.Arguments[0], [.. call.Arguments.Skip(1).Cast<LiteralExpression>()], ref key);
            default:
                return null;
        }
    }

    private static List<Value>? Compared(EvalExpression compared, IReadOnlyList<LiteralExpression> literals, ref EvalExpression? key)
    {
        if (literals.Any(l => l.Value.Kind is not (ValueKind.Number or ValueKind.Text)))
        {
            return null;
        }

        key ??= compared;
        return KeyOf(key) == KeyOf(compared) ? [.. literals.Select(l => l.Value)] : null;
    }

    /// <summary>What a key compared by arms is, told by value: a field's name, with upper() or lower() around it (null: not a key).</summary>
    private static (string? Function, string Field)? KeyOf(EvalExpression expression) => expression switch
    {
        FieldExpression field => (null, field.Name),
        CallExpression { Name: "upper" or "lower", Arguments: [FieldExpression field] } call => (call.Name, field.Name),
        _ => null,
    };
}
