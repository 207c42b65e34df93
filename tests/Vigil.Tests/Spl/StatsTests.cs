using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

public class StatsTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    private static readonly Vigil.Spl.Values.Row[] Events =
    [
        Row(("host", "b"), ("module", "x.dll"), ("bytes", "10"), ("_time", T0.AddSeconds(30))),
        Row(("host", "a"), ("module", "y.dll"), ("bytes", "5"), ("_time", T0)),
        Row(("host", "b"), ("module", "z.dll"), ("bytes", "oops"), ("_time", T0.AddSeconds(-30))),
        Row(("host", "b"), ("module", "x.dll"), ("bytes", "20"), ("_time", T0.AddSeconds(10))),
        Row(("module", "w.dll"), ("bytes", "1"), ("_time", T0)),
    ];

    [Fact]
    public void By_fields_come_first_then_aggregations_and_rows_without_a_by_field_drop_out()
    {
        var result = Run("* | stats count by host", Events);
        Assert.Equal(["host", "count"], result.Columns);
        Assert.Equal(["host=a count=1", "host=b count=3"], result.Lines());
    }

    [Fact]
    public void Every_function_with_its_default_and_renamed_names()
    {
        var result = Run("* | stats count, count(bytes), dc(module), min(bytes), max(bytes), sum(bytes), avg(bytes), values(module), list(module) as mods, earliest(module) as e, latest(module) as l by host", Events);
        Assert.Equal(["host", "count", "count(bytes)", "dc(module)", "min(bytes)", "max(bytes)", "sum(bytes)", "avg(bytes)", "values(module)", "mods", "e", "l"], result.Columns);
        var b = result.Rows[1];
        Assert.Equal("3", b["count"].ToString());
        Assert.Equal("3", b["count(bytes)"].ToString());
        Assert.Equal("2", b["dc(module)"].ToString());
        Assert.Equal("10", b["min(bytes)"].ToString());
        // Strings sort after numbers, so max of 10, 20, "oops" is "oops", as Splunk documents.
        Assert.Equal("oops", b["max(bytes)"].ToString());
        Assert.Equal("30", b["sum(bytes)"].ToString());
        Assert.Equal("15", b["avg(bytes)"].ToString());
        Assert.Equal(["x.dll", "z.dll"], b["values(module)"].Values);
        Assert.Equal(3, b["mods"].Count);
        Assert.Equal("z.dll", b["e"].ToString());
        Assert.Equal("x.dll", b["l"].ToString());
    }

    [Fact]
    public void List_keeps_Splunk_order_newest_first()
    {
        var result = Run("* | stats list(module) as mods by host", Events);
        Assert.Equal(["x.dll", "x.dll", "z.dll"], result.Rows[1]["mods"].Values);
    }

    [Fact]
    public void Min_and_max_of_time_keep_full_precision()
    {
        var rows = new[]
        {
            Row(("h", "a"), ("_time", T0.AddTicks(9_999_999))),
            Row(("h", "a"), ("_time", T0.AddTicks(1))),
        };
        var result = Run("* | stats min(_time) as first max(_time) as last by h", rows);
        Assert.Equal("1671551905.0000001", result.Rows[0]["first"].ToString());
        Assert.Equal("1671551905.9999999", result.Rows[0]["last"].ToString());
    }

    [Fact]
    public void Groups_are_case_sensitive_and_sorted_uppercase_first_numbers_numerically()
    {
        var rows = new[]
        {
            Row(("m", "c:\\temp\\a.dll")), Row(("m", "C:\\Temp\\A.dll")), Row(("m", "c:\\temp\\a.dll")),
            Row(("m", "10")), Row(("m", "9")), Row(("m", "B")),
        };
        var result = Run("* | stats count by m", rows);
        Assert.Equal(["9", "10", "B", "C:\\Temp\\A.dll", "c:\\temp\\a.dll"], result.Column("m"));
        Assert.Equal(["1", "1", "1", "1", "2"], result.Column("count"));
    }

    [Fact]
    public void A_multivalue_by_field_counts_the_row_in_each_of_its_groups()
    {
        var rows = new[] { Row(("tag", new[] { "a", "b" })), Row(("tag", "a")) };
        Assert.Equal(["tag=a count=2", "tag=b count=1"], Run("* | stats count by tag", rows).Lines());
    }

    [Fact]
    public void Without_by_there_is_one_row_even_on_no_input()
    {
        var result = Run("* | stats count dc(x) as d", []);
        Assert.Equal(["count=0 d=0"], result.Lines());
        Assert.Empty(Run("* | stats count by x", []).Rows);
    }

    [Fact]
    public void Uppercase_BY_AS_and_quoted_names_work()
    {
        var result = Run("* | stats count AS \"Event Count\" BY host", Events);
        Assert.Equal(["host", "Event Count"], result.Columns);
    }

    [Theory]
    [InlineData("stats per_second(x)", "unsupported stats function 'per_second'")]
    [InlineData("stats count(eval(x=1))", "count(eval(...)) needs a name")]
    [InlineData("stats partitions=2 count", "unsupported stats option 'partitions='")]
    [InlineData("stats min", "min needs a field")]
    [InlineData("stats count by x*", "wildcards are not allowed in stats ... by field names")]
    public void Unsupported_parts_are_errors_naming_them(string search, string message)
    {
        var error = Assert.Throws<Vigil.Spl.Syntax.SplCompileException>(() => Run("* | " + search, Events));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
