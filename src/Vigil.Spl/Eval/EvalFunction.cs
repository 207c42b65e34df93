using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval;

/// <summary>One eval function: its arity, what it returns, how it runs and what it prepares once at compile time.</summary>
internal sealed class EvalFunction
{
    public EvalFunction(string name, int minArguments, int maxArguments, EvalType returnType, Func<CallExpression, Row, SearchContext, Value> invoke)
    {
        Name = name;
        MinArguments = minArguments;
        MaxArguments = maxArguments;
        ReturnType = returnType;
        Invoke = invoke;
    }

    /// <summary>The name as Splunk documents it; calls may write it in any case.</summary>
    public string Name { get; }

    public int MinArguments { get; }

    public int MaxArguments { get; }

    public EvalType ReturnType { get; }

    public Func<CallExpression, Row, SearchContext, Value> Invoke { get; }

    /// <summary>Checks arguments and returns state kept on the call (a compiled regex); throws SplSyntaxException.</summary>
    public Func<IReadOnlyList<EvalExpression>, object?>? Prepare { get; init; }

    /// <summary>
    /// What each argument must be, by index: a value (the default), a test (<see cref="EvalType.Boolean"/>), or
    /// either (<see cref="EvalType.Any"/>). Checked before the search runs.
    /// </summary>
    public Func<int, EvalType> ArgumentType { get; init; } = static _ => EvalType.Value;

    /// <summary>Every argument a test at an even index and a value (or test) after it: case() and validate().</summary>
    public static EvalType ConditionValuePairs(int index) => index % 2 == 0 ? EvalType.Boolean : EvalType.Any;
}
