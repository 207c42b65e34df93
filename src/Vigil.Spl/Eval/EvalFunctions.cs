using Vigil.Spl.Eval.Functions;

namespace Vigil.Spl.Eval;

/// <summary>
/// The eval functions Vigil implements, with Splunk's semantics, found by name in any case (<c>CASE(</c> is
/// <c>case(</c>). Any other name is a compile error naming it.
/// </summary>
internal static class EvalFunctions
{
    private static readonly Dictionary<string, EvalFunction> Functions =
        new IEnumerable<EvalFunction>[]
        {
            ConditionalFunctions.All,
            InformationalFunctions.All,
            TextFunctions.All,
            MultivalueFunctions.All,
            MathFunctions.All,
            StatisticalFunctions.All,
            ConversionFunctions.All,
            TimeFunctions.All,
            CryptographicFunctions.All,
        }.SelectMany(family => family).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Names => Functions.Keys.Order(StringComparer.Ordinal);

    public static EvalFunction? Find(string name) => Functions.GetValueOrDefault(name);
}
