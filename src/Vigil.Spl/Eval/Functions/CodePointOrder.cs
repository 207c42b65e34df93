namespace Vigil.Spl.Eval.Functions;

/// <summary>
/// Lexicographic order by Unicode code point, which is the order of the UTF-8 bytes Splunk compares (mvsort,
/// min/max of strings). Ordinal UTF-16 order differs from it only for characters above U+FFFF.
/// </summary>
internal sealed class CodePointOrder : IComparer<string>
{
    public static CodePointOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var left = x.EnumerateRunes();
        var right = y.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft == hasRight ? 0 : (hasLeft ? 1 : -1);
            }

            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
