using Vigil.Spl.Syntax;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>Evaluates one eval expression over one row, as <c>* | eval out=...</c> does, for the Eval*Tests.</summary>
internal static class EvalProbe
{
    /// <summary>The value of out as text, a multivalue's values joined by '|', or null when eval left it unset.</summary>
    public static string? Eval(string expression, params (string Name, object? Value)[] fields) => Eval(expression, TimeZoneInfo.Utc, fields);

    public static string? Eval(string expression, TimeZoneInfo zone, params (string Name, object? Value)[] fields)
    {
        var result = Run("* | eval out=" + expression, [Row(fields)], zone: zone);
        var value = result.Rows[0]["out"];
        return value.IsNull ? null : string.Join("|", value.Values);
    }

    /// <summary>Whether <c>where</c> keeps the row.</summary>
    public static bool Where(string condition, params (string Name, object? Value)[] fields) =>
        Run("* | where " + condition, [Row(fields)]).Rows.Count == 1;

    /// <summary>The compile error a search raises.</summary>
    public static string CompileError(string search)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, [Row(("a", "1"))]));
        return error.Message;
    }
}
