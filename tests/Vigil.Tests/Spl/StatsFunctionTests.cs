using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// The stats functions of the Search Reference's "Aggregate functions", "Event order functions" and "Time functions"
/// pages, and <c>fn(eval(...))</c> from the "stats" page ("The function can be applied to an eval expression").
/// </summary>
public class StatsFunctionTests
{
    private static readonly DateTime T0 = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    // Newest first is Splunk's order: n=2 (T0+3m), n=4 (T0+2m), n=x (T0+1m), n=8 (T0).
    private static List<Vigil.Spl.Values.Row> Rows() =>
    [
        Row(("g", "a"), ("n", "8"), ("s", "red"), ("_time", T0)),
        Row(("g", "a"), ("n", "x"), ("s", "blue"), ("_time", T0.AddMinutes(1))),
        Row(("g", "a"), ("n", "4"), ("s", "red"), ("_time", T0.AddMinutes(2))),
        Row(("g", "a"), ("n", "2"), ("s", "blue"), ("_time", T0.AddMinutes(3))),
        Row(("g", "b"), ("s", "green"), ("_time", T0)),
    ];

    private static string One(string aggregation, string group = "a") =>
        Run($"* | stats {aggregation} as r by g", Rows()).Rows.Single(r => r["g"].ToString() == group)["r"].ToString();

    [Fact]
    public void Range_is_max_less_min_of_the_numbers()
    {
        // Aggregate functions, range(X): "the difference between the max and min values"; non-numbers are skipped.
        Assert.Equal("6", One("range(n)"));
        Assert.Equal(string.Empty, One("range(n)", "b"));
    }

    [Fact]
    public void Sample_and_population_variance_and_standard_deviation()
    {
        // 8, 4, 2: mean 14/3; squared deviations sum 56/3; sample variance 28/3, population 56/9.
        Assert.Equal(28.0 / 3, double.Parse(One("var(n)"), System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(56.0 / 9, double.Parse(One("varp(n)"), System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(Math.Sqrt(28.0 / 3), double.Parse(One("stdev(n)"), System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(Math.Sqrt(56.0 / 9), double.Parse(One("stdevp(n)"), System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal("84", One("sumsq(n)"));
        // One value: no spread.
        Assert.Equal("0", Run("* | stats stdev(v) as r", [Row(("v", "5"))]).Rows[0]["r"].ToString());
        Assert.Equal(string.Empty, Run("* | stats stdev(v) as r", [Row(("v", "x"))]).Rows[0]["r"].ToString());
    }

    [Fact]
    public void Median_and_percentiles_pick_a_value_by_rank()
    {
        // Aggregate functions, median(X): "If you have an even number of events, by default the median calculation
        // is approximated to the higher of the two values." perc<X>: nearest rank below 1000 distinct values.
        Assert.Equal("4", One("median(n)"));
        var four = new[] { Row(("v", "1")), Row(("v", "2")), Row(("v", "3")), Row(("v", "4")) };
        Assert.Equal("3", Run("* | stats median(v) as m", four).Rows[0]["m"].ToString());
        Assert.Equal(["3", "3", "4", "1", "4"], Run("* | stats p50(v) as a perc50(v) as b exactperc99.9(v) as c upperperc0(v) as d perc100(v) as e", four)
            .Rows[0].Fields.Select(f => f.Value.ToString()));
        Assert.Equal(["p95(v)"], Run("* | stats p95(v)", four).Columns);
    }

    [Fact]
    public void Mode_first_last_and_the_times_of_the_earliest_and_latest()
    {
        // Event order functions: first(X) / last(X) follow the order events come in (newest first).
        Assert.Equal("blue", One("mode(s)"));
        Assert.Equal("2", One("first(n)"));
        Assert.Equal("8", One("last(n)"));
        // Time functions: earliest_time(X) / latest_time(X) give the UNIX time of X's earliest / latest occurrence.
        Assert.Equal(Vigil.Spl.Values.Timestamp.FromDateTime(T0).UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), One("earliest_time(n)"));
        Assert.Equal(Vigil.Spl.Values.Timestamp.FromDateTime(T0.AddMinutes(3)).UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), One("latest_time(n)"));
        // estdc(X) estimates dc(X); Vigil counts exactly.
        Assert.Equal("2", One("estdc(s)"));
    }

    [Fact]
    public void Multivalues_count_each_value()
    {
        var rows = new[] { Row(("v", new[] { "1", "9" })), Row(("v", "5")) };
        Assert.Equal("8", Run("* | stats range(v) as r", rows).Rows[0]["r"].ToString());
        Assert.Equal("5", Run("* | stats median(v) as r", rows).Rows[0]["r"].ToString());
        Assert.Equal("1", Run("* | stats mode(v) as r", rows).Rows[0]["r"].ToString());
    }

    [Fact]
    public void Eval_expressions_feed_functions_and_false_counts_as_nothing()
    {
        // stats: count(eval(status="404")) counts the rows where the test holds.
        var result = Run("* | stats count(eval(s=\"red\")) as reds values(eval(if(s=\"blue\", n, null()))) as blue_n sum(eval(n*2)) as doubled by g", Rows());
        Assert.Equal(["g", "reds", "blue_n", "doubled"], result.Columns);
        Assert.Equal(["g=a reds=2 blue_n=2|x doubled=28", "g=b reds=0"], result.Lines());
    }

    [Fact]
    public void Wildcard_aggregations_name_each_field_they_read()
    {
        // stats: "You can use wild card characters in field names" with AS: values(*) AS * keeps each field's name.
        var rows = new[]
        {
            Row(("host", "h1"), ("user", "u1"), ("proc", "a"), ("_time", T0)),
            Row(("host", "h1"), ("user", "u2"), ("_time", T0.AddMinutes(1))),
        };
        var all = Run("* | stats values(*) as * by host", rows);
        Assert.Equal(["host=h1 proc=a user=u1|u2"], all.Rows.Select(r => string.Join(" ", r.Fields.Select(f => $"{f.Key}={f.Value.ToString().Replace('\n', '|')}"))));
        var named = Run("* | stats dc(u*) latest(*) as last_*", rows).Rows[0];
        Assert.Equal("2", named["dc(user)"].ToString());
        Assert.Equal("u2", named["last_user"].ToString());
        Assert.Equal("h1", named["last_host"].ToString());
        Assert.False(named.Has("last__time"));
    }

    [Theory]
    [InlineData("stats sparkline(count) as s", "sparkline")]
    [InlineData("stats values(eval(x)) ", null)]
    [InlineData("stats values(a*) as b", null)]
    public void Unsupported_or_malformed_aggregations_are_refused(string search, string? subject)
    {
        var e = Assert.Throws<SplCompileException>(() => Run("* | " + search, Rows()));
        if (subject is not null)
        {
            Assert.Contains(e.Diagnostics, d => d.Subject == subject && d.Id == SplDiagnosticId.UnsupportedStatsFunction);
        }
    }
}
