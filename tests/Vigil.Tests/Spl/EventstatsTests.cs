using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// eventstats and streamstats, as the Search Reference pages "eventstats" and "streamstats" describe them.
/// </summary>
public class EventstatsTests
{
    private static readonly DateTime T0 = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    private static List<Vigil.Spl.Values.Row> Rows() =>
    [
        Row(("src", "a"), ("n", "1"), ("_time", T0.AddMinutes(4))),
        Row(("src", "b"), ("n", "10"), ("_time", T0.AddMinutes(3))),
        Row(("src", "a"), ("n", "3"), ("_time", T0.AddMinutes(2))),
        Row(("n", "7"), ("_time", T0.AddMinutes(1))),
        Row(("src", "a"), ("n", "5"), ("_time", T0)),
    ];

    [Fact]
    public void Eventstats_adds_each_groups_statistics_to_its_rows_in_their_order()
    {
        // eventstats: "Generates summary statistics ... and saves those statistics in a new field"; rows without the
        // by-field get none but stay.
        var result = Run("* | table src n | eventstats avg(n) as avg count by src", Rows());
        Assert.Equal(["src", "n", "avg", "count"], result.Columns);
        Assert.Equal(["src=a n=1 avg=3 count=3", "src=b n=10 avg=10 count=1", "src=a n=3 avg=3 count=3", "n=7", "src=a n=5 avg=3 count=3"], result.Lines());
    }

    [Fact]
    public void Eventstats_without_by_covers_every_row_and_overwrites_a_field_of_its_name()
    {
        var result = Run("* | table src n | eventstats max(n) as n, stdev(n) as sd", Rows());
        Assert.All(result.Rows, r => Assert.Equal("10", r["n"].ToString()));
        Assert.Empty(Run("* | eventstats count", []).Rows);
    }

    [Fact]
    public void Eventstats_counts_a_multivalue_row_in_each_group_and_gives_it_its_first()
    {
        var rows = new[] { Row(("k", new[] { "x", "y" })), Row(("k", "y")) };
        var result = Run("* | eventstats count by k", rows);
        Assert.Equal(["1", "2"], result.Column("count"));
    }

    [Fact]
    public void Streamstats_counts_as_rows_pass_per_group()
    {
        // streamstats: "calculates statistics for each event at the time the event is seen"; newest first.
        var result = Run("* | streamstats count as rank by src | table src rank", Rows());
        Assert.Equal(["src=a rank=1", "src=b rank=1", "src=a rank=2", "", "src=a rank=3"], result.Lines());
    }

    [Fact]
    public void Streamstats_current_false_leaves_the_row_out_and_window_limits_the_rows()
    {
        var before = Run("* | streamstats current=f sum(n) as s | table n s", Rows());
        Assert.Equal([null, "1", "11", "14", "21"], before.Column("s"));
        // window=2, global by default: the last two rows overall (rows without the by-field take no place), of which
        // those of the row's group count.
        var windowed = Run("* | streamstats window=2 current=1 range(n) as r by src | table src n r", Rows());
        Assert.Equal(["0", "0", "0", null, "2"], windowed.Column("r"));
        var perGroup = Run("* | streamstats window=2 global=f range(n) as r by src | table src n r", Rows());
        Assert.Equal(["0", "0", "2", null, "2"], perGroup.Column("r"));
    }

    [Fact]
    public void Streamstats_reset_on_change_forgets_when_the_group_changes()
    {
        var result = Run("* | streamstats reset_on_change=true count by src | table count", Rows());
        Assert.Equal(["1", "1", "1", null, "2"], result.Column("count"));
    }

    [Fact]
    public void Streamstats_range_of_time_between_neighbours()
    {
        // The ESCU form: streamstats window=2 current=1 range(_time) as TimeDelta by session_id.
        var rows = new[]
        {
            Row(("session_id", "s"), ("_time", T0.AddSeconds(30))),
            Row(("session_id", "s"), ("_time", T0.AddSeconds(10))),
            Row(("session_id", "s"), ("_time", T0)),
        };
        Assert.Equal(["0", "20", "10"], Run("* | streamstats window=2 current=1 range(_time) as TimeDelta by session_id", rows).Column("TimeDelta"));
    }

    [Theory]
    [InlineData("eventstats allnum=true count", "eventstats allnum")]
    [InlineData("streamstats time_window=1h count", "streamstats time_window")]
    [InlineData("streamstats reset_before=\"(x=1)\" count", "streamstats reset_before")]
    public void Unsupported_options_are_refused_by_name(string search, string subject)
    {
        var e = Assert.Throws<SplCompileException>(() => Run("* | " + search, Rows()));
        Assert.Contains(e.Diagnostics, d => d.Subject == subject);
    }
}
