using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// bin / bucket, pinned to the Splunk Search Reference "bin" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Bin) and the Search Manual's "Search using
/// time bins and spans" (https://docs.splunk.com/Documentation/Splunk/8.1.0/Search/Usingbinsandtimespans).
/// </summary>
public class BinTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc); // 1671551905

    [Fact]
    public void Bucket_and_bin_set_time_to_the_start_of_its_span()
    {
        // "bin span=5m _time": each _time becomes the first time of its 5 minute bin; bucket is the same command.
        Assert.Equal(["1671551700"], Run("* | bucket span=5m _time", [Row(("_time", T0))]).Column("_time"));
        Assert.Equal(["1671551700"], Run("* | bin _time span=5m", [Row(("_time", T0))]).Column("_time"));
        Assert.Equal(["1671548400"], Run("* | bin span=1h _time", [Row(("_time", T0))]).Column("_time"));

        // The binned _time groups events for stats, as ESCU's "bucket span=5m _time | stats ... by _time" does.
        var rows = new[] { Row(("_time", T0)), Row(("_time", T0.AddSeconds(-200))), Row(("_time", T0.AddSeconds(120))) };
        Assert.Equal(["_time=1671551700 count=2", "_time=1671552000 count=1"], Run("* | bucket span=5m _time | stats count by _time", rows).Lines());
    }

    [Fact]
    public void As_writes_a_new_field_and_keeps_the_original()
    {
        // "<field> [AS <newfield>]": newfield is "a new name for the field".
        var result = Run("* | table _time user | bin _time as bin_time span=10m", [Row(("_time", T0), ("user", "bob"))]);
        Assert.Equal(["_time", "user", "bin_time"], result.Columns);
        Assert.Equal(["1671551905"], result.Column("_time"));
        Assert.Equal(["1671551400"], result.Column("bin_time"));
    }

    [Fact]
    public void Day_spans_start_at_midnight_in_the_search_time_zone()
    {
        // "When a <span-length> of a day or more is used, the span is aligned to midnight in the timezone of the user."
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var late = new DateTime(2022, 12, 20, 23, 30, 0, DateTimeKind.Utc); // 00:30 on the 21st in Berlin
        Assert.Equal(["1671577200"], Run("* | bin span=1d _time", [Row(("_time", late))], zone: berlin).Column("_time"));
        Assert.Equal(["1671494400"], Run("* | bin span=1d _time", [Row(("_time", late))]).Column("_time"));

        // Months and quarters (q, qtr: "Specifying time spans") start on the first of the month.
        Assert.Equal(["1669852800"], Run("* | bin span=1mon _time", [Row(("_time", T0))]).Column("_time"));
        Assert.Equal(["1664582400"], Run("* | bin span=1q _time", [Row(("_time", T0))]).Column("_time"));
    }

    [Fact]
    public void A_time_span_on_another_field_bins_its_epoch_seconds()
    {
        // ESCU: "eval gtime=_time | bin span=1h gtime".
        var result = Run("* | eval gtime=_time | bin span=1h gtime", [Row(("_time", T0))]);
        Assert.Equal(["1671548400"], result.Column("gtime"));
        Assert.Equal(["1671551905"], result.Column("_time"));
    }

    [Fact]
    public void Aligntime_counts_bins_from_an_epoch_time()
    {
        // "aligntime=1500567890: Align the bins to the UTC time of 1500567890"; "Ignored if span is in days".
        Assert.Equal(["1671510290"], Run("* | bin span=12h aligntime=1500567890 _time", [Row(("_time", T0))]).Column("_time"));
        Assert.Equal(["1671494400"], Run("* | bin span=1d aligntime=1500567890 _time", [Row(("_time", T0))]).Column("_time"));
    }

    [Fact]
    public void A_number_span_gives_each_number_its_range()
    {
        // "If you specify a span of 10, then the bins are calculated in increments of 10"; the bin is written as its
        // range, lower-upper, the upper bound not included. A value that is no number stays as it is; a multivalue
        // is read as its first value, as eval reads one as a number (the page does not say).
        var rows = new[]
        {
            Row(("n", "15")), Row(("n", "20")), Row(("n", "-5")), Row(("n", "abc")), Row(("other", "1")), Row(("n", new[] { "35", "5" })),
        };
        Assert.Equal(["10-20", "20-30", "-10-0", "abc", null, "30-40"], Run("* | bin span=10 n", rows).Column("n"));
        Assert.Equal(["2.5-3", "0-0.5"], Run("* | bin span=0.5 n", [Row(("n", "2.7")), Row(("n", "0.1"))]).Column("n"));
    }

    [Fact]
    public void A_log_span_gives_ranges_between_powers_of_the_base()
    {
        // "span = <log-span>: [<num>]log[<num>]" — the coefficient, then the base (10 by default).
        Assert.Equal(["10-100", "1-10", "1000-10000"], Run("* | bin span=log n", [Row(("n", "42")), Row(("n", "1")), Row(("n", "1000"))]).Column("n"));
        Assert.Equal(["4-8"], Run("* | bin span=log2 n", [Row(("n", "5"))]).Column("n"));
    }

    [Fact]
    public void Without_a_span_the_span_is_the_smallest_power_of_ten_that_fits_bins()
    {
        // "If bins is specified, the software takes the field range and divides by the number of bins ... determines
        // the least power of 10 to use for the span": 0..59 in 5 bins is one bin of 100; 3..23 in 24 bins spans 1,
        // in 12 bins spans 10; end= widens the range.
        var wide = new[] { Row(("x", "0")), Row(("x", "30")), Row(("x", "59")) };
        Assert.Equal(["0-100", "0-100", "0-100"], Run("* | bin bins=5 x", wide).Column("x"));
        var hours = new[] { Row(("h", "3")), Row(("h", "17")), Row(("h", "23")) };
        Assert.Equal(["3-4", "17-18", "23-24"], Run("* | bin bins=24 h", hours).Column("h"));
        Assert.Equal(["0-10", "10-20", "20-30"], Run("* | bin bins=12 h", hours).Column("h"));
        Assert.Equal(["0-100", "0-100", "0-100"], Run("* | bin bins=10 end=1000 h", hours).Column("h"));

        // bins defaults to 100; a single value (a range of 0) gets a span of 1.
        Assert.Equal(["3-4", "17-18", "23-24"], Run("* | bin h", hours).Column("h"));
        Assert.Equal(["3-4"], Run("* | bin h", [Row(("h", "3"))]).Column("h"));
    }

    [Fact]
    public void Empty_input_and_rows_without_the_field_pass_through()
    {
        Assert.Empty(Run("* | bucket span=5m _time", []).Rows);
        Assert.Empty(Run("* | bin bins=10 x", []).Rows);
        Assert.Equal(["y=1"], Run("* | table y x | bin span=10 x", [Row(("y", "1"))]).Lines());
    }

    [Theory]
    [InlineData("* | bin _time", "bin without span on _time is not supported", "bin", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("* | bucket bins=10 _time", "bucket without span on _time is not supported", "bucket", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("* | bin span=1h aligntime=earliest _time", "bin aligntime=earliest is not supported", "aligntime", SplDiagnosticId.UnsupportedOption)]
    [InlineData("* | bin minspan=5m x", "bin minspan=5m is not supported", "minspan", SplDiagnosticId.UnsupportedOption)]
    [InlineData("* | bin span=5m snap=1 _time", "unsupported bin option 'snap'", "snap", SplDiagnosticId.UnsupportedOption)]
    [InlineData("* | bin span=5parsecs _time", "span must be a time span", "span", SplDiagnosticId.SyntaxError)]
    [InlineData("* | bin span=5m", "bin needs a field to bin", "bin", SplDiagnosticId.SyntaxError)]
    public void Unsupported_forms_are_errors_naming_them(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }
}
