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

    public string Name { get; }

    public int MinArguments { get; }

    public int MaxArguments { get; }

    public EvalType ReturnType { get; }

    public Func<CallExpression, Row, SearchContext, Value> Invoke { get; }

    /// <summary>Checks arguments and returns state kept on the call (a compiled regex); throws SplSyntaxException.</summary>
    public Func<IReadOnlyList<EvalExpression>, object?>? Prepare { get; init; }

    /// <summary>Arguments that must be tests (Boolean), by index; -1 means every even index (case()).</summary>
    public IReadOnlyList<int> BooleanArguments { get; init; } = [];
}
