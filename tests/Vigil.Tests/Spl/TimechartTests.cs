using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>timechart, as the Search Reference's "timechart" page describes it.</summary>
public class TimechartTests
{
    private static readonly DateTime T0 = new(2024, 2, 1, 10, 0, 0, DateTimeKind.Utc);

    private static List<Vigil.Spl.Values.Row> Rows() =>
    [
        Row(("host", "a"), ("n", "1"), ("_time", T0.AddMinutes(1))),
        Row(("host", "b"), ("n", "4"), ("_time", T0.AddMinutes(2))),
        Row(("host", "a"), ("n", "2"), ("_time", T0.AddMinutes(16))),
        Row(("n", "8"), ("_time", T0.AddMinutes(17))),
        Row(("host", "c"), ("n", "3"), ("_time", T0.AddMinutes(18))),
    ];

    private static string Time(int minutes) =>
        Vigil.Spl.Values.Timestamp.FromDateTime(T0.AddMinutes(minutes)).UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Count_per_bucket_oldest_first_with_empty_buckets_as_zero()
    {
        // timechart: cont=true "fills in the empty time buckets"; count of an empty bucket is 0. The ESCU form:
        // timechart limit=0 span=5m count.
        var result = Run("* | timechart limit=0 span=5m count", Rows());
        Assert.Equal(["_time", "count"], result.Columns);
        Assert.Equal([$"_time={Time(0)} count=2", $"_time={Time(5)} count=0", $"_time={Time(10)} count=0", $"_time={Time(15)} count=3"], result.Lines());
        Assert.Equal("300", result.Rows[0]["_span"].ToString());
        var sums = Run("* | timechart span=5m sum(n) as total avg(n)", Rows());
        Assert.Equal([$"_time={Time(0)} total=5 avg(n)=2.5", $"_time={Time(5)}", $"_time={Time(10)}", $"_time={Time(15)} total=13 avg(n)=4.333333333333333"], sums.Lines());
    }

    [Fact]
    public void Split_by_gives_a_column_per_value_with_null_and_other()
    {
        var result = Run("* | timechart span=15m limit=1 count by host", Rows());
        Assert.Equal(["_time", "a", "NULL", "OTHER"], result.Columns);
        Assert.Equal([$"_time={Time(0)} a=1 NULL=0 OTHER=1", $"_time={Time(15)} a=1 NULL=1 OTHER=1"], result.Lines());
        var plain = Run("* | timechart span=15m usenull=f useother=f limit=1 count by host", Rows());
        Assert.Equal(["_time", "a"], plain.Columns);
        var all = Run("* | timechart span=15m limit=0 sum(n) by host", Rows());
        Assert.Equal(["_time", "a", "b", "c", "NULL"], all.Columns);
    }

    [Fact]
    public void Cont_false_shows_only_buckets_with_rows_and_no_rows_give_no_buckets()
    {
        Assert.Equal(2, Run("* | timechart span=5m cont=false count", Rows()).Rows.Count);
        Assert.Empty(Run("* | timechart span=5m count", []).Rows);
        Assert.Empty(Run("* | timechart span=5m count", [Row(("n", "1"))]).Rows);
    }

    [Theory]
    [InlineData("timechart count", "timechart without span")]
    [InlineData("timechart bins=10 span=5m count", "timechart bins")]
    [InlineData("timechart span=5m count by host where count > 1", "timechart where")]
    public void Unsupported_forms_are_refused(string search, string subject)
    {
        var e = Assert.Throws<SplCompileException>(() => Run("* | " + search, Rows()));
        Assert.Contains(e.Diagnostics, d => d.Subject == subject);
    }
}
