using System.Text.RegularExpressions;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Knowledge.Fields;

/// <summary>An <c>EVAL-</c> setting: the field it sets and its expression.</summary>
internal sealed class CalculatedField(string field, EvalExpression expression, Action<string> report)
{
    private readonly RegexTimeouts _timeouts = new($"EVAL-{field}", report);

    public string Field { get; } = field;

    /// <summary>The field's name with its hash: set on every event.</summary>
    public FieldKey Key { get; } = new(field);

    public EvalExpression Expression { get; } = expression;

    /// <summary>
    /// The field's value for the event; null when a regular expression in it ran past its time on this event, as an
    /// expression Splunk cannot evaluate makes the field null. Once left out for the rest of the run
    /// (<see cref="RegexTimeouts"/>), the value the event already has: a step left out replaces nothing.
    /// </summary>
    public Value Evaluate(Row row, SearchContext context)
    {
        if (_timeouts.GaveUp)
        {
            return row[Key];
        }

        try
        {
            return Expression.Evaluate(row, context);
        }
        catch (RegexMatchTimeoutException e)
        {
            _timeouts.Add(e, "the field is null for that event");
            return Value.Null;
        }
    }
}
