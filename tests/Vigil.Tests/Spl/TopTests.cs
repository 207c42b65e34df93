using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// top and rare, pinned to the Splunk Search Reference "top" and "rare" pages
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Top,
/// https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Rare).
/// </summary>
public class TopTests
{
    private static Vigil.Spl.Values.Row[] Rows() =>
    [
        Row(("user", "bob"), ("host", "h1")),
        Row(("user", "alice"), ("host", "h1")),
        Row(("user", "bob"), ("host", "h2")),
        Row(("user", "carol"), ("host", "h2")),
        Row(("user", "bob"), ("host", "h1")),
        Row(("user", "alice"), ("host", "h2")),
        Row(("host", "h1")),
        Row(("user", new[] { "bob", "dave" }), ("host", "h2")),
    ];

    [Fact]
    public void Top_counts_each_value_with_its_percentage_most_common_first()
    {
        // "Displays the most common values of a field ... along with a count and percentage"; countfield defaults to
        // count, percentfield to percent. Rows without the field are not counted; each value of a multivalue is.
        var result = Run("* | top user", Rows());
        Assert.Equal(["user", "count", "percent"], result.Columns);
        Assert.Equal(
            ["user=bob count=4 percent=50.000000", "user=alice count=2 percent=25.000000", "user=carol count=1 percent=12.500000", "user=dave count=1 percent=12.500000"],
            result.Lines());
    }

    [Fact]
    public void Rare_lists_the_least_common_first()
    {
        // "Displays the least common values of a field."
        Assert.Equal(["carol", "dave", "alice", "bob"], Run("* | rare user", Rows()).Column("user"));
    }

    [Fact]
    public void Limit_and_n_cap_the_results()
    {
        // "limit: Specifies how many results to return. To return all values, specify zero. Default: 10"; "N: The
        // number of results to return" (the same).
        Assert.Equal(["bob", "alice"], Run("* | top limit=2 user", Rows()).Column("user"));
        Assert.Equal(["bob"], Run("* | top 1 user", Rows()).Column("user"));
        Assert.Equal(4, Run("* | top limit=0 user", Rows()).Rows.Count);
    }

    [Fact]
    public void Options_rename_hide_and_add_an_other_row()
    {
        // countfield, percentfield, showcount, showperc; "useother: Specify whether or not to add a row that denotes
        // all other values"; "otherstr: Default: OTHER".
        var renamed = Run("* | top user countfield=n percentfield=p showperc=f", Rows());
        Assert.Equal(["user", "n"], renamed.Columns);
        Assert.Equal(["user=bob n=4", "user=alice n=2"], renamed.Lines().Take(2));
        Assert.Equal(["user", "percent"], Run("* | top user showcount=false", Rows()).Columns);
        Assert.Equal(["user=bob count=4 percent=50.000000", "user=OTHER count=4 percent=50.000000"], Run("* | top 1 user useother=t", Rows()).Lines());
        Assert.Equal("user=rest count=4 percent=50.000000", Run("* | top 1 user useother=t otherstr=rest", Rows()).Lines()[1]);
    }

    [Fact]
    public void By_fields_rank_within_each_group_and_several_fields_count_combinations()
    {
        // "by-clause: the fields to group by"; "field-list: Comma-delimited list of field names".
        var byHost = Run("* | top 1 user by host", Rows());
        Assert.Equal(["host", "user", "count", "percent"], byHost.Columns);
        Assert.Equal(["host=h1 user=bob count=2 percent=66.666667", "host=h2 user=bob count=2 percent=40.000000"], byHost.Lines());
        Assert.Equal("user=bob host=h1 count=2 percent=25.000000", Run("* | top user, host", Rows()).Lines()[0]);
    }

    [Fact]
    public void Empty_input_gives_no_rows()
    {
        Assert.Empty(Run("* | top user", []).Rows);
        Assert.Empty(Run("* | rare user by host", []).Rows);
    }

    [Theory]
    [InlineData("* | top", "top needs at least one field", "top")]
    [InlineData("* | rare user by", "expected a field after BY", "by")]
    [InlineData("* | top user*", "wildcards are not allowed in top field names", "user*")]
    [InlineData("* | top partial=t user", "unsupported top option 'partial'", "partial")]
    public void Broken_forms_are_errors(string search, string message, string marker)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        if (marker != "by")
        {
            Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        }
    }
}
