namespace Vigil.Spl.Values;

/// <summary>
/// The order Splunk puts values in for stats groups, sort, min and max: numbers (numerically) before strings,
/// strings in lexicographic (code-unit) order, so uppercase sorts before lowercase.
/// </summary>
public sealed class SplunkOrder : IComparer<Value>
{
    public static SplunkOrder Instance { get; } = new();

    public int Compare(Value x, Value y)
    {
        if (x.Kind == ValueKind.Time && y.Kind == ValueKind.Time)
        {
            return x.AsTime.CompareTo(y.AsTime);
        }

        var xNumeric = x.TryGetNumber(out var xn);
        var yNumeric = y.TryGetNumber(out var yn);
        if (xNumeric && yNumeric)
        {
            var byNumber = xn.CompareTo(yn);
            return byNumber != 0 ? byNumber : string.CompareOrdinal(x.FirstText, y.FirstText);
        }

        if (xNumeric != yNumeric)
        {
            return xNumeric ? -1 : 1;
        }

        return string.CompareOrdinal(x.FirstText, y.FirstText);
    }

    /// <summary>Compares strings only, as <c>sort str(x)</c> does.</summary>
    public static int CompareAsStrings(Value x, Value y) => string.CompareOrdinal(x.FirstText, y.FirstText);

    /// <summary>Compares as numbers, non-numbers after numbers, as <c>sort num(x)</c> does.</summary>
    public static int CompareAsNumbers(Value x, Value y)
    {
        var xNumeric = x.TryGetNumber(out var xn);
        var yNumeric = y.TryGetNumber(out var yn);
        if (xNumeric && yNumeric)
        {
            return xn.CompareTo(yn);
        }

        return xNumeric == yNumeric ? string.CompareOrdinal(x.FirstText, y.FirstText) : xNumeric ? -1 : 1;
    }
}
