using CsCheck;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// <c>in(x, literals...)</c> and the search's <c>x IN (...)</c> answer from sets of their choices; each must equal
/// comparing x with one choice at a time (eval's <c>=</c>, the search's <c>x=v</c>), for single values and multivalues.
/// </summary>
public sealed class InChoicesProperties
{
    // Texts that read as numbers in several ways, and texts that do not; "|" makes a multivalue.
    private static readonly Gen<string> Text = Gen.OneOf(
        "4624", "04624", " 4624", "4624.0", "4.624e3", "-0", "0", "+7", ".5", "0.5", "1e400", "4624a", "a", "A", "é", "", "0x10", "NaN", "7|a", "a|4624", "5| 6");

    // A choice as the search writes it: quoted text, or a bare number.
    private static readonly Gen<string> Choice = Gen.OneOf(
        Text.Where(t => !t.Contains('"', StringComparison.Ordinal) && !t.Contains('|', StringComparison.Ordinal)).Select(t => $"\"{t}\""),
        Gen.OneOf("4624", "0", "-0", "7", "0.5", "6", "4624.0"));

    [Fact]
    public void In_over_literals_equals_comparing_each_choice()
    {
        Gen.Select(Text.List[1, 8], Choice.List[1, 6]).Sample((values, choices) =>
        {
            var list = string.Join(", ", choices);
            var ors = string.Join(" OR ", choices.Select(c => $"x={c}"));
            var search = $"* | eval x=split(x, \"|\") | eval by_in=if(in(x, {list}), \"yes\", \"no\"), by_equals=if({ors}, \"yes\", \"no\")";
            var result = SplRun.Run(search, values.Select(v => SplRun.Row(("x", v))).Append(SplRun.Row(("y", "no x"))));
            foreach (var row in result.Rows)
            {
                Assert.Equal(row["by_equals"].ToString(), row["by_in"].ToString());
            }
        }, iter: 500, threads: 1);
    }

    // Search values: case variants, wildcards, a network, numbers written two ways.
    private static readonly Gen<string> SearchValue = Gen.OneOf(
        "a", "A", "é", "É", "ab", "a*", "*b", "a*b", "*", "10.0.0.0/8", "10.1.2.3", "4624", "04624", "ß", "SS", "ǅ");

    [Fact]
    public void Search_IN_equals_comparing_each_value()
    {
        Gen.Select(SearchValue.List[1, 8], SearchValue.List[1, 6]).Sample((values, choices) =>
        {
            var rows = values.Select(v => SplRun.Row(("x", v))).Append(SplRun.Row(("y", "no x")))
                .Append(SplRun.Row(("x", string.Join("|", values))));
            var list = string.Join(", ", choices.Select(c => $"\"{c}\""));
            var ors = string.Join(" OR ", choices.Select(c => $"x=\"{c}\""));
            var byIn = SplRun.Run($"* | eval x=split(x, \"|\") | search x IN ({list})", rows).Rows.Select(r => r["x"].ToString()).ToList();
            var byEquals = SplRun.Run($"* | eval x=split(x, \"|\") | search {ors}", rows).Rows.Select(r => r["x"].ToString()).ToList();
            Assert.Equal(byEquals, byIn);
        }, iter: 500, threads: 1);
    }
}
