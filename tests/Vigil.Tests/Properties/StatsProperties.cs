using System.Globalization;
using CsCheck;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// <c>stats count, dc, min, max, values by g</c> over random rows equals a naive reference: group the rows by g (rows
/// without g drop out), count them, and take x's non-null values for the rest.
/// </summary>
public sealed class StatsProperties
{
    private const string Search = "* | stats count, dc(x), min(x), max(x), values(x) by g";

    // Few groups and x values, so groups repeat and values collide; x mixes numbers and text (text sorts after numbers).
    private static readonly Gen<string?> Group = Gen.OneOf<string?>("a", "b", "B", "é", null);

    private static readonly Gen<string?> X = Gen.Frequency(
        (3, Gen.Int[-50, 50].Select(n => (string?)n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf<string?>("oops", "Oops", "a", "z.dll", "é", "10a")),
        (1, Gen.Const(() => (string?)null)));

    private static readonly Gen<List<(string? G, string? X)>> Rows = Gen.Select(Group, X).List[0, 40];

    [Fact]
    public void Stats_by_group_equals_the_naive_reference()
    {
        Rows.Sample(rows =>
        {
            var result = SplRun.Run(Search, rows.Select(r => SplRun.Row(("g", r.G), ("x", r.X))));
            var actual = result.Rows.ToDictionary(
                r => r["g"].ToString(),
                r => Describe(r["count"].ToString(), r["dc(x)"].ToString(), Text(r["min(x)"]), Text(r["max(x)"]), r["values(x)"].Values));
            Assert.Equal(Reference(rows), actual);
        }, iter: 300, threads: 1);
    }

    private static Dictionary<string, string> Reference(List<(string? G, string? X)> rows) =>
        rows.Where(r => r.G is not null)
            .GroupBy(r => r.G!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var xs = g.Select(r => r.X).OfType<string>().ToList();
                var ordered = xs.OrderBy(IsText).ThenBy(x => IsText(x) ? 0 : double.Parse(x, CultureInfo.InvariantCulture)).ThenBy(x => x, StringComparer.Ordinal).ToList();
                return Describe(
                    g.Count().ToString(CultureInfo.InvariantCulture),
                    xs.Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture),
                    ordered.FirstOrDefault(),
                    ordered.LastOrDefault(),
                    xs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
            });

    /// <summary>False sorts first: numbers before text.</summary>
    private static bool IsText(string x) => !double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string? Text(Vigil.Spl.Values.Value value) => value.IsNull ? null : value.ToString();

    private static string Describe(string count, string dc, string? min, string? max, IEnumerable<string> values) =>
        $"count={count} dc={dc} min={min ?? "(null)"} max={max ?? "(null)"} values=[{string.Join("|", values)}]";
}
