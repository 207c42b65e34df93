using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

public class CommandTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    private static Vigil.Spl.Values.Row[] Rows() =>
    [
        Row(("u", "bob"), ("n", "10"), ("h", "h1"), ("_time", T0)),
        Row(("u", "alice"), ("n", "9"), ("h", "h1"), ("_time", T0.AddMinutes(2))),
        Row(("u", "Carol"), ("n", "100"), ("_time", T0.AddMinutes(1))),
        Row(("u", "bob"), ("n", "x"), ("h", "h2"), ("_time", T0.AddMinutes(3))),
    ];

    [Fact]
    public void Convert_ctime_formats_in_the_zone_and_truncates_sub_seconds()
    {
        var rows = new[] { Row(("t", "1671551905.9999999")), Row(("t", "not a time")) };
        var result = Run("* | convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(t) ctime(t) AS again", rows);
        Assert.Equal(["2022-12-20T15:58:25", "not a time"], result.Column("t"));

        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var local = Run("* | convert timeformat=\"%Y-%m-%d %H:%M:%S %z\" ctime(t)", [Row(("t", "1671551905"))], zone: berlin);
        Assert.Equal(["2022-12-20 16:58:25 +0100"], local.Column("t"));

        var defaults = Run("* | convert ctime(t) as shown", [Row(("t", "1671551905"))]);
        Assert.Equal(["12/20/2022 15:58:25"], defaults.Column("shown"));
        Assert.Equal(["1671551905"], defaults.Column("t"));
    }

    [Fact]
    public void Convert_mktime_reads_the_time_format()
    {
        var result = Run("* | convert timeformat=\"%Y-%m-%dT%H:%M:%S\" mktime(t)", [Row(("t", "2022-12-20T15:58:25"))]);
        Assert.Equal(["1671551905"], result.Column("t"));
    }

    [Fact]
    public void Rename_keeps_the_column_place_and_takes_wildcards()
    {
        var result = Run("* | table u n h | rename u AS user, \"n\" as number", Rows());
        Assert.Equal(["user", "number", "h"], result.Columns);
        var wild = Run("* | eval src_ip=1, src_port=2 | table src_ip src_port | rename src_* AS source_*", Rows());
        Assert.Equal(["source_ip", "source_port"], wild.Columns);
        Assert.Equal("1", wild.Rows[0]["source_ip"].ToString());
    }

    [Fact]
    public void Wildcard_rename_renames_every_row_alike_past_the_names_it_remembers()
    {
        // drop_dm_object_name's shape over more distinct names than a stage remembers, each row's own and shared ones.
        const int rows = 1500;
        var input = Enumerable.Range(0, rows)
            .Select(i => Row(($"Processes.f{i}", $"v{i}"), ("Processes.dest", "web01"), ($"other{i}", "x"), ("Processes.", "empty capture")))
            .ToArray();
        var result = Run("* | rename Processes.* AS *", input);
        for (var i = 0; i < rows; i++)
        {
            var row = result.Rows[i];
            Assert.Equal([$"f{i}", "dest", $"other{i}", ""], row.Names);
            Assert.Equal($"v{i}", row[$"f{i}"].ToString());
            Assert.Equal("web01", row["dest"].ToString());
        }
    }

    [Fact]
    public void Table_orders_columns_and_keeps_named_empty_ones()
    {
        var result = Run("* | table h, u missing", Rows());
        Assert.Equal(["h", "u", "missing"], result.Columns);
        Assert.Equal(["h2", "h1", null, "h1"], result.Column("h"));
    }

    [Fact]
    public void Fields_keeps_or_removes()
    {
        Assert.Equal(["u"], Run("* | fields u", Rows()).Columns);
        Assert.Equal(["u", "h"], Run("* | table u n h | fields - n", Rows()).Columns);
        Assert.Equal(["h"], Run("* | table u n h | fields - u, n*", Rows()).Columns);
    }

    [Fact]
    public void Sort_is_numeric_then_lexicographic_with_missing_values_last()
    {
        Assert.Equal(["9", "10", "100", "x"], Run("* | sort n", Rows()).Column("n"));
        Assert.Equal(["x", "100", "10", "9"], Run("* | sort -n", Rows()).Column("n"));
        Assert.Equal(["10", "100", "9", "x"], Run("* | sort str(n)", Rows()).Column("n"));
        Assert.Equal(["Carol", "alice", "bob", "bob"], Run("* | sort u", Rows()).Column("u"));
        Assert.Equal(["h2", "h1", "h1", null], Run("* | sort - h", Rows()).Column("h"));
        Assert.Equal(["h1", "h1", "h2", null], Run("* | sort h", Rows()).Column("h"));
        Assert.Equal(["bob", "bob", "alice", "Carol"], Run("* | sort u desc", Rows()).Column("u"));
        Assert.Equal(["bob", "alice"], Run("* | sort 2 h, -n", Rows()).Column("u"));
        Assert.Equal(2, Run("* | sort limit=2 u", Rows()).Rows.Count);
    }

    [Fact]
    public void Events_arrive_newest_first_for_head_and_dedup_as_in_Splunk()
    {
        Assert.Equal(["bob", "alice"], Run("* | head 2", Rows()).Column("u"));
        Assert.Equal(4, Run("* | head", Rows()).Rows.Count);
        Assert.Equal(["bob", "alice", "Carol"], Run("* | dedup u", Rows()).Column("u"));
        Assert.Equal(["x"], Run("* | dedup u | search u=bob", Rows()).Column("n"));
    }

    [Fact]
    public void Dedup_drops_rows_missing_a_field_unless_keepempty()
    {
        Assert.Equal(["h2", "h1"], Run("* | dedup h", Rows()).Column("h"));
        Assert.Equal(["h2", "h1", null], Run("* | dedup h keepempty=true", Rows()).Column("h"));
        Assert.Equal(["h2", "h1", "h1"], Run("* | dedup 2 h", Rows()).Column("h"));
        Assert.Equal(3, Run("* | sort 0 u | dedup u consecutive=true", Rows()).Rows.Count);
    }

    [Fact]
    public void Fillnull_fills_named_fields_or_every_field_seen()
    {
        Assert.Equal(["h2", "h1", "none", "h1"], Run("* | fillnull value=none h", Rows()).Column("h"));
        var all = Run("* | table u h | fillnull", Rows());
        Assert.Equal(["h2", "h1", "0", "h1"], all.Column("h"));
    }

    [Theory]
    [InlineData("* | tstats count", "'tstats' is a generating command", "tstats")]
    [InlineData("* | stats count | lookup x y", "unknown lookup 'x'", "x y")]
    [InlineData("| mstats count", "unsupported generating command 'mstats'", "mstats")]
    [InlineData("| tstats count from datamodel=Nowhere.Nothing", "unknown data model 'Nowhere'", "datamodel=Nowhere.Nothing")]
    [InlineData("| tstats count where x=1", "tstats without FROM datamodel=", "tstats")]
    [InlineData("| tstats prestats=true count from datamodel=Endpoint.Processes", "tstats prestats=true is not supported", "prestats")]
    [InlineData("* | head 5 keeplast=true", "unsupported head argument", "keeplast")]
    [InlineData("* | dedup x sortby -y", "unsupported dedup option 'sortby'", "sortby")]
    [InlineData("* | convert dur2sec(x)", "unsupported convert function 'dur2sec'", "dur2sec")]
    [InlineData("* | convert ctime(x) timeformat=\"%s\" rmunit(y)", "unsupported convert function 'rmunit'", "rmunit")]
    [InlineData("* | fillnull value=0 x*", "wildcards are not allowed in fillnull", "x*")]
    [InlineData("* | table x partial=true", "unsupported table option 'partial'", "partial")]
    [InlineData("index=main x=1", "index=main is not supported: Vigil searches the files it is given and its risk store", "index")]
    [InlineData("x=1 daysago=2", "the time modifier daysago= is not supported", "daysago")]
    [InlineData("x=1 [search y=2", "unclosed '['", "[")]
    [InlineData("x=\"open", "unterminated quoted string", "\"")]
    [InlineData("(x=1", "unclosed '(' in search", "(")]
    [InlineData("x=1)", "unbalanced ')'", ")")]
    [InlineData("x=1 | ", "empty command after '|'", "|")]
    public void Unsupported_or_broken_parts_are_errors_with_positions(string search, string message, string marker)
    {
        var column = search.IndexOf(marker, StringComparison.Ordinal) + 1;
        var error = Assert.Throws<SplCompileException>(() => Run(search, Rows()));
        var diagnostic = Assert.Single(error.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(column, diagnostic.Position + 1);
        Assert.Contains($"column {column}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_goes_on_after_an_error_so_every_problem_is_reported()
    {
        var error = Assert.Throws<SplCompileException>(() => Run("x=1 | kmeans field=a | stats per_second(x) | eval y=", Rows()));
        Assert.Equal(3, error.Diagnostics.Count);
        Assert.Contains("unsupported command 'kmeans'", error.Diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("unsupported stats function 'per_second'", error.Diagnostics[1].Message, StringComparison.Ordinal);
        Assert.Contains("expected a value", error.Diagnostics[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diagnostic_renders_the_search_with_a_caret_under_the_spot()
    {
        var error = Assert.Throws<SplCompileException>(() => Run("x=1 | nosuch count", Rows()));
        var lines = error.Message.Split('\n');
        Assert.StartsWith("column 7: unsupported command 'nosuch' (Vigil runs: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" dedup, ", lines[0], StringComparison.Ordinal);
        Assert.Equal("    x=1 | nosuch count", lines[1]);
        Assert.Equal("          ^^^^^^", lines[2]);
    }
}
