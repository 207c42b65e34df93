using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// The choices of <c>in(x, "a", 4624, ...)</c> when they are all literals, as two sets, so the test costs a lookup
/// instead of a comparison per choice (CIM and add-on calculated fields list dozens of event codes this way). It gives
/// what comparing with = one choice at a time gives: numbers compare as numbers when both sides read as numbers, and
/// otherwise text compares exactly; text that reads as a number can only equal a choice that does too.
/// </summary>
internal sealed class LiteralChoices
{
    private readonly HashSet<double> _numbers = [];
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

    private LiteralChoices()
    {
    }

    /// <summary>The sets for the arguments after the first; null when one is not a literal text or number.</summary>
    public static object? Of(IReadOnlyList<EvalExpression> arguments)
    {
        var choices = new LiteralChoices();
        for (var i = 1; i < arguments.Count; i++)
        {
            if (arguments[i] is not LiteralExpression { Value: var value } || value.Kind is not (ValueKind.Text or ValueKind.Number))
            {
                return null;
            }

            if (value.TryGetNumber(out var number))
            {
                choices._numbers.Add(number);
            }
            else
            {
                choices._texts.Add(value.FirstText);
            }
        }

        return choices;
    }

    /// <summary>Whether the value equals a choice; false when the sets cannot say (times and Booleans compare their own way).</summary>
    public bool TryContains(Value value, out bool found)
    {
        found = false;
        switch (value.Kind)
        {
            case ValueKind.Null:
                return true;
            case ValueKind.Text or ValueKind.Number:
                found = Contains(value);
                return true;
            case ValueKind.Multi:
                // A multivalue equals a choice when any of its values does.
                foreach (var single in value.Values)
                {
                    if (Contains(Value.FromString(single)))
                    {
                        found = true;
                        break;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private bool Contains(Value single) =>
        single.TryGetNumber(out var number) ? _numbers.Contains(number) : _texts.Contains(single.FirstText);
}
