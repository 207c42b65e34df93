using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval;

/// <summary>What an expression is known to produce before it runs: a Boolean (a test) or a value.</summary>
public enum EvalType
{
    Value,
    Boolean,

    /// <summary>Depends on the data (a field, coalesce of mixed arguments...).</summary>
    Any,
}

/// <summary>A node of an eval / where expression.</summary>
public abstract class EvalExpression
{
    protected EvalExpression(int position) => Position = position;

    /// <summary>Offset in the search text, for diagnostics.</summary>
    public int Position { get; }

    public abstract EvalType Type { get; }

    public abstract Value Evaluate(Row row, SearchContext context);

    /// <summary>True when the expression yields Boolean true; null or a non-Boolean counts as false.</summary>
    public bool IsTrue(Row row, SearchContext context) => Evaluate(row, context).AsBoolean;

    /// <summary>The expressions directly inside this one.</summary>
    public virtual IEnumerable<EvalExpression> Children => [];

    /// <summary>Every field the expression reads.</summary>
    public IEnumerable<string> FieldsRead()
    {
        var stack = new Stack<EvalExpression>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is FieldExpression field)
            {
                yield return field.Name;
            }

            foreach (var child in node.Children)
            {
                stack.Push(child);
            }
        }
    }
}

public sealed class LiteralExpression(int position, Value value) : EvalExpression(position)
{
    public Value Value { get; } = value;

    public override EvalType Type => Value.Kind == ValueKind.Boolean ? EvalType.Boolean : EvalType.Value;

    public override Value Evaluate(Row row, SearchContext context) => Value;
}

public sealed class FieldExpression(int position, string name) : EvalExpression(position)
{
    private readonly FieldKey _key = new(name);

    public string Name => _key.Name;

    public override EvalType Type => EvalType.Value;

    public override Value Evaluate(Row row, SearchContext context) => row[_key];
}

public enum UnaryOperator
{
    Negate,

    /// <summary>A leading '+': the number itself, null for a non-number.</summary>
    Plus,
    Not,
}

public sealed class UnaryExpression(int position, UnaryOperator op, EvalExpression operand) : EvalExpression(position)
{
    public UnaryOperator Operator { get; } = op;

    public EvalExpression Operand { get; } = operand;

    public override IEnumerable<EvalExpression> Children => [Operand];

    public override EvalType Type => Operator == UnaryOperator.Not ? EvalType.Boolean : EvalType.Value;

    public override Value Evaluate(Row row, SearchContext context)
    {
        var value = Operand.Evaluate(row, context);
        if (Operator == UnaryOperator.Not)
        {
            return Value.FromBoolean(!value.AsBoolean);
        }

        return value.TryGetNumber(out var number) ? Value.FromNumber(Operator == UnaryOperator.Plus ? number : -number) : Value.Null;
    }
}

public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Concatenate,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Like,
    And,
    Or,
    Xor,
}

public sealed class BinaryExpression(int position, BinaryOperator op, EvalExpression left, EvalExpression right) : EvalExpression(position)
{
    public BinaryOperator Operator { get; } = op;

    public EvalExpression Left { get; } = left;

    public EvalExpression Right { get; } = right;

    // For x == "text" and x != "text" where the text reads as no number: a text value then compares as text (the
    // comparison is by number only when both sides read as one), so it is compared at once. The add-ons' evals hold
    // many such tests (TargetUserName!="-"), run on every event.
    private readonly string? _textLiteral =
        op is BinaryOperator.Equal or BinaryOperator.NotEqual && right is LiteralExpression { Value: { Kind: ValueKind.Text } literal }
            && !literal.TryGetNumber(out _) ? literal.FirstText : null;

    public override IEnumerable<EvalExpression> Children => [Left, Right];

    public override EvalType Type => Operator switch
    {
        BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide
            or BinaryOperator.Modulo or BinaryOperator.Concatenate => EvalType.Value,
        _ => EvalType.Boolean,
    };

    public override Value Evaluate(Row row, SearchContext context)
    {
        if (_textLiteral is not null)
        {
            var value = Left.Evaluate(row, context);
            return value.Kind == ValueKind.Text
                ? Value.FromBoolean(string.Equals(value.FirstText, _textLiteral, StringComparison.Ordinal) == (Operator == BinaryOperator.Equal))
                : Compare(Operator, value, Right.Evaluate(row, context));
        }

        switch (Operator)
        {
            case BinaryOperator.And:
                return Value.FromBoolean(Left.IsTrue(row, context) && Right.IsTrue(row, context));
            case BinaryOperator.Or:
                return Value.FromBoolean(Left.IsTrue(row, context) || Right.IsTrue(row, context));
            case BinaryOperator.Xor:
                return Value.FromBoolean(Left.IsTrue(row, context) ^ Right.IsTrue(row, context));
        }

        var left = Left.Evaluate(row, context);
        var right = Right.Evaluate(row, context);
        return Operator switch
        {
            BinaryOperator.Add => Add(left, right),
            BinaryOperator.Subtract => Arithmetic(left, right, static (a, b) => a - b),
            BinaryOperator.Multiply => Arithmetic(left, right, static (a, b) => a * b),
            BinaryOperator.Divide => Arithmetic(left, right, static (a, b) => b == 0 ? double.NaN : a / b),
            BinaryOperator.Modulo => Arithmetic(left, right, static (a, b) => b == 0 ? double.NaN : a % b),
            BinaryOperator.Concatenate => left.IsNull || right.IsNull ? Value.Null : Value.FromString(left.FirstText + right.FirstText),
            BinaryOperator.Like => Value.FromBoolean(Functions.ConditionalFunctions.Like(left, right)),
            _ => Compare(Operator, left, right),
        };
    }

    /// <summary>'+' adds numbers and joins two strings; a number plus a string is null, as in Splunk.</summary>
    private static Value Add(Value left, Value right)
    {
        if (left.IsNull || right.IsNull)
        {
            return Value.Null;
        }

        var leftNumeric = left.TryGetNumber(out var a);
        var rightNumeric = right.TryGetNumber(out var b);
        if (leftNumeric && rightNumeric)
        {
            return Value.FromNumber(a + b);
        }

        return !leftNumeric && !rightNumeric ? Value.FromString(left.FirstText + right.FirstText) : Value.Null;
    }

    private static Value Arithmetic(Value left, Value right, Func<double, double, double> operation) =>
        left.TryGetNumber(out var a) && right.TryGetNumber(out var b) ? Value.FromNumber(operation(a, b)) : Value.Null;

    /// <summary>Numbers compare as numbers, anything else as case-sensitive strings; null compares false.</summary>
    public static Value Compare(BinaryOperator op, Value left, Value right)
    {
        if (left.IsNull || right.IsNull)
        {
            return Value.False;
        }

        if (left.Kind == ValueKind.Multi || right.Kind == ValueKind.Multi)
        {
            // A multivalue field matches when any of its values does.
            foreach (var l in left.Values)
            {
                foreach (var r in right.Values)
                {
                    if (CompareSingle(op, Value.FromString(l), Value.FromString(r)))
                    {
                        return Value.True;
                    }
                }
            }

            return Value.False;
        }

        return Value.FromBoolean(CompareSingle(op, left, right));
    }

    private static bool CompareSingle(BinaryOperator op, Value left, Value right)
    {
        int order;
        if (left.Kind == ValueKind.Time && right.Kind == ValueKind.Time)
        {
            order = left.AsTime.CompareTo(right.AsTime);
        }
        else if (left.TryGetNumber(out var a) && right.TryGetNumber(out var b))
        {
            order = a.CompareTo(b);
        }
        else if (left.Kind == ValueKind.Boolean || right.Kind == ValueKind.Boolean)
        {
            order = left.AsBoolean == right.AsBoolean ? 0 : 1;
        }
        else
        {
            order = string.CompareOrdinal(left.FirstText, right.FirstText);
        }

        return op switch
        {
            BinaryOperator.Equal => order == 0,
            BinaryOperator.NotEqual => order != 0,
            BinaryOperator.Less => order < 0,
            BinaryOperator.LessOrEqual => order <= 0,
            BinaryOperator.Greater => order > 0,
            _ => order >= 0,
        };
    }
}

public sealed class CallExpression : EvalExpression
{
    private readonly EvalFunction _function;

    // An array, read directly: the add-ons' if() and case() read their arguments on every event, where an indexer
    // behind the list interface costs a dispatch and a bounds check of its own each time.
    private readonly EvalExpression[] _arguments;

    internal CallExpression(int position, EvalFunction function, IReadOnlyList<EvalExpression> arguments, object? state)
        : base(position)
    {
        _function = function;
        _arguments = [.. arguments];
        State = state;
    }

    public string Name => _function.Name;

    public IReadOnlyList<EvalExpression> Arguments => _arguments;

    /// <summary>How many arguments the call has.</summary>
    internal int ArgumentCount => _arguments.Length;

    public override IEnumerable<EvalExpression> Children => Arguments;

    /// <summary>Work done once when the search is compiled, such as a regular expression built from a literal.</summary>
    internal object? State { get; }

    public override EvalType Type => _function.ReturnType;

    public override Value Evaluate(Row row, SearchContext context) => _function.Invoke(this, row, context);

    /// <summary>The value of one argument for this row.</summary>
    public Value Argument(int index, Row row, SearchContext context) => _arguments[index].Evaluate(row, context);

    /// <summary>One argument's expression.</summary>
    internal EvalExpression ArgumentAt(int index) => _arguments[index];
}
