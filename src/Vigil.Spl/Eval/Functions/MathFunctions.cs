using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Splunk's mathematical functions (Search Reference, "Mathematical functions"). An argument that is null or does
/// not read as a number gives null, and so does a result that is not a finite number (sqrt(-1), ln(0)). exact() and
/// sigfig() depend on the precision Splunk tracks for each number through a calculation, which Vigil's numbers do
/// not carry: they stay unsupported.
/// </summary>
internal static class MathFunctions
{
    /// <summary>The page: "the constant pi to 11 digits of precision".</summary>
    private const double Pi = 3.14159265359;

    public static IEnumerable<EvalFunction> All =>
    [
        Unary("abs", Math.Abs),
        Unary("ceil", Math.Ceiling),
        Unary("ceiling", Math.Ceiling),
        Unary("floor", Math.Floor),
        Unary("exp", Math.Exp),
        Unary("ln", Math.Log),
        Unary("sqrt", Math.Sqrt),
        new("log", 1, 2, EvalType.Value, (c, r, x) =>
            Numbers(c, r, x, out var n, out var logBase, 10) ? Value.FromNumber(Math.Log(n) / Math.Log(logBase)) : Value.Null),
        new("pow", 2, 2, EvalType.Value, (c, r, x) =>
            Numbers(c, r, x, out var n, out var exponent, double.NaN) ? Value.FromNumber(Math.Pow(n, exponent)) : Value.Null),
        new("round", 1, 2, EvalType.Value, (c, r, x) =>
            Numbers(c, r, x, out var n, out var digits, 0) ? Value.FromNumber(Round(n, (int)Math.Clamp(digits, 0, 15))) : Value.Null),
        new("pi", 0, 0, EvalType.Value, static (_, _, _) => Value.FromNumber(Pi)),
    ];

    /// <summary>
    /// Half away from zero on the decimal digits as written: round(2.555, 2) is 2.56 (the page's example) although
    /// the double nearest 2.555 lies just below it.
    /// </summary>
    public static double Round(double number, int digits)
    {
        if (Math.Abs(number) < 1e15)
        {
            return (double)Math.Round((decimal)number, digits, MidpointRounding.AwayFromZero);
        }

        return Math.Round(number, digits, MidpointRounding.AwayFromZero);
    }

    private static EvalFunction Unary(string name, Func<double, double> operation) =>
        new(name, 1, 1, EvalType.Value, (c, r, x) =>
            c.Argument(0, r, x).TryGetNumber(out var n) ? Value.FromNumber(operation(n)) : Value.Null);

    /// <summary>The first argument and the second (or its default when left out), both numbers.</summary>
    private static bool Numbers(CallExpression call, Row row, SearchContext context, out double first, out double second, double secondDefault)
    {
        second = secondDefault;
        return call.Argument(0, row, context).TryGetNumber(out first)
            && (call.ArgumentCount < 2 || call.Argument(1, row, context).TryGetNumber(out second));
    }
}
