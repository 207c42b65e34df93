using static Vigil.Tests.Spl.EvalProbe;

namespace Vigil.Tests.Spl;

/// <summary>
/// relative_time, now and time. Authority: Splunk Search Reference 10.0, "Date and Time functions" and "Time
/// modifiers" (help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/time-format-variables-and-modifiers/
/// time-modifiers). The tests' now() is 2024-01-02 03:04:05 UTC (1704164645), a Tuesday.
/// </summary>
public class EvalTimeTests
{
    // Offsets are applied before the snap that follows them; snaps round down; "@d-2h" chains an offset after.
    [Theory]
    [InlineData("-1d@d", "1704067200")]
    [InlineData("-70m@m", "1704160440")]
    [InlineData("-24h@h", "1704078000")]
    [InlineData("@d", "1704153600")]
    [InlineData("-2h@h", "1704157200")]
    [InlineData("@d-2h", "1704146400")]
    [InlineData("+1h", "1704168245")]
    [InlineData("-h", "1704161045")]
    [InlineData("-60d@d", "1698969600")]
    [InlineData("now", "1704164645")]
    [InlineData("@w0", "1703980800")]
    [InlineData("@w", "1703980800")]
    [InlineData("@w7", "1703980800")]
    [InlineData("@w1", "1704067200")]
    [InlineData("@w2", "1704153600")]
    [InlineData("@w6", "1703894400")]
    [InlineData("-5d@w1", "1703462400")]
    [InlineData("-1mon@mon", "1701388800")]
    [InlineData("-1q@q", "1696118400")]
    [InlineData("@y", "1704067200")]
    [InlineData("-1y@y", "1672531200")]
    [InlineData("-30s", "1704164615")]
    [InlineData("-7x", null)]
    [InlineData("7d", null)]
    [InlineData("", null)]
    [InlineData("@", null)]
    [InlineData("-99999999y", null)]
    public void Relative_time_of_now(string specifier, string? expected) =>
        Assert.Equal(expected, Eval($"relative_time(now(), \"{specifier}\")"));

    [Fact]
    public void Relative_time_of_null_or_a_non_time_is_null()
    {
        Assert.Null(Eval("relative_time(missing, \"-1d\")"));
        Assert.Null(Eval("relative_time(now(), missing)"));
        Assert.Null(Eval("relative_time(\"yesterday\", \"-1d\")"));
    }

    [Fact]
    public void Relative_time_snaps_days_in_the_search_time_zone()
    {
        // 03:04:05 UTC on 2 January is 22:04:05 on 1 January in New York: @d is New York's midnight.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal("1704085200", Eval("relative_time(now(), \"@d\")", newYork));

        // -1d from 12:00 EDT on 10 March 2024 (the day clocks went forward) is 12:00 EST on 9 March: 23 hours.
        Assert.Equal("1710003600", Eval("relative_time(t, \"-1d\")", newYork, ("t", "1710086400")));
        Assert.Equal("1710082800", Eval("relative_time(t, \"-1h\")", newYork, ("t", "1710086400")));
    }

    [Fact]
    public void Escu_relative_time_forms()
    {
        // previously_seen_*: where firstTimeSeen > relative_time(now(), `..._window`) with the window "-70m@m".
        Assert.True(Where("isnull(firstTimeSeen) OR firstTimeSeen > relative_time(now(), \"-70m@m\")", ("firstTimeSeen", "1704160441")));
        Assert.False(Where("isnull(firstTimeSeen) OR firstTimeSeen > relative_time(now(), \"-70m@m\")", ("firstTimeSeen", "1704160440")));

        // detect_remote_access_software_usage_*: relative_time(strptime(date, "%Y-%m-%d"), "+"."30"."d").
        Assert.Equal("1706745600", Eval("relative_time(strptime(d, \"%Y-%m-%d\"), \"+\".ttl.\"d\")", ("d", "2024-01-02"), ("ttl", "30")));

        // A sub-second time keeps its fraction through an offset and loses it to a snap.
        Assert.Equal("1704078000", Eval("relative_time(t, \"-1h@h\")", ("t", "1704081600.25")));
        Assert.Equal("1704078000.25", Eval("relative_time(t, \"-1h\")", ("t", "1704081600.25")));
    }

    [Fact]
    public void Now_is_fixed_and_time_is_the_clock()
    {
        Assert.Equal("1704164645", Eval("now()"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var time = double.Parse(Eval("time()")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(time, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }
}
