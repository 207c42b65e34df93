using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Tests.Spl;

public class TimeFormatTests
{
    private static readonly Timestamp Sample = Timestamp.FromDateTime(new DateTime(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc).AddTicks(3_253_836));

    [Theory]
    [InlineData("%Y-%m-%dT%H:%M:%S", "2022-12-20T15:58:25")]
    [InlineData("%m/%d/%Y %H:%M:%S", "12/20/2022 15:58:25")]
    [InlineData("%y %b %B %a %A %j", "22 Dec December Tue Tuesday 354")]
    [InlineData("%I:%M %p", "03:58 PM")]
    [InlineData("%s.%N", "1671551905.325383600")]
    [InlineData("%3N %6N %9N %Q", "325 325383 325383600 325")]
    [InlineData("%F %T %z %:z %Z", "2022-12-20 15:58:25 +0000 +00:00 UTC")]
    [InlineData("%e|%k|%%|%q", "20|15|%|%q")]
    public void Formats_like_Splunk_in_UTC(string format, string expected) =>
        Assert.Equal(expected, SplunkTimeFormat.Format(Sample, format, TimeZoneInfo.Utc));

    [Fact]
    public void Seconds_are_truncated_never_rounded()
    {
        var almost = new Timestamp(Sample.UnixTicks - 3_253_836 + 9_999_999);
        Assert.Equal("15:58:25.999", SplunkTimeFormat.Format(almost, "%H:%M:%S.%3N", TimeZoneInfo.Utc));
    }

    [Fact]
    public void Formats_in_a_named_zone_with_daylight_saving()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal("2022-12-20 10:58:25 -0500", SplunkTimeFormat.Format(Sample, "%Y-%m-%d %H:%M:%S %z", newYork));
        var summer = Timestamp.FromDateTime(new DateTime(2022, 7, 1, 12, 0, 0, DateTimeKind.Utc));
        Assert.Equal("08:00 -0400", SplunkTimeFormat.Format(summer, "%H:%M %z", newYork));
    }

    [Theory]
    [InlineData("2022-12-20T15:58:25", "%Y-%m-%dT%H:%M:%S", 1671551905.0)]
    [InlineData("2022-12-20 15:58:25.325", "%Y-%m-%d %H:%M:%S.%3N", 1671551905.325)]
    [InlineData("20 Dec 2022 03:58:25 PM", "%d %b %Y %I:%M:%S %p", 1671551905.0)]
    [InlineData("2022-12-20T16:58:25+01:00", "%Y-%m-%dT%H:%M:%S%z", 1671551905.0)]
    [InlineData("1671551905", "%s", 1671551905.0)]
    public void Parses_what_it_formats(string text, string format, double epoch)
    {
        Assert.True(SplunkTimeFormat.TryParse(text, format, TimeZoneInfo.Utc, out var time));
        Assert.Equal(epoch, time.ToEpochSeconds(), 6);
    }

    [Theory]
    [InlineData("2022-13-20", "%Y-%m-%d")]
    [InlineData("2022-12-20 extra", "%Y-%m-%d")]
    [InlineData("yesterday", "%Y-%m-%d")]
    public void Rejects_text_that_does_not_fit(string text, string format) =>
        Assert.False(SplunkTimeFormat.TryParse(text, format, TimeZoneInfo.Utc, out _));
}
