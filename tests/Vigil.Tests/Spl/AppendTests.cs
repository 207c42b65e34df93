using Vigil.Spl.Execution;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// append and appendpipe, as the Search Reference pages "append" and "appendpipe" describe them: append adds a
/// subsearch's results after the current ones (maxout 50,000 by default); appendpipe adds what a subpipeline makes of
/// the current results.
/// </summary>
public class AppendTests
{
    // Without _time, rows keep their arrival order (Splunk's newest-first order has nothing to sort by).
    private static List<Vigil.Spl.Values.Row> Events() =>
    [
        Row(("kind", "a"), ("n", "1")),
        Row(("kind", "a"), ("n", "2")),
        Row(("kind", "b"), ("n", "5"), ("extra", "x")),
    ];

    [Fact]
    public void Append_puts_the_subsearch_rows_after_the_rows()
    {
        var result = Run("kind=a | table kind n | append [search kind=b | table kind n extra]", Events());
        Assert.Equal(["kind", "n", "extra"], result.Columns);
        Assert.Equal(["kind=a n=1", "kind=a n=2", "kind=b n=5 extra=x"], result.Lines());
    }

    [Fact]
    public void Append_maxout_limits_the_subsearch_rows_and_empty_sides_are_fine()
    {
        Assert.Single(Run("kind=none | append maxout=1 [search kind=a]", Events()).Rows);
        Assert.Equal(2, Run("kind=a | append [search kind=none]", Events()).Rows.Count);
        var e = Assert.Throws<Vigil.Spl.Syntax.SplCompileException>(() => SplPipeline.Compile("kind=a | append maxtime=5 [search kind=b]", new()));
        Assert.Contains(e.Diagnostics, d => d.Subject == "append maxtime");
    }

    [Fact]
    public void Appendpipe_adds_what_the_subpipeline_makes_of_the_rows()
    {
        var result = Run("* | table kind n | appendpipe [| stats count by kind | eval n=\"total\"]", Events());
        Assert.Equal(["kind", "n", "count"], result.Columns);
        Assert.Equal(["kind=a n=1", "kind=a n=2", "kind=b n=5", "kind=a n=total count=2", "kind=b n=total count=1"], result.Lines());
    }

    [Fact]
    public void Appendpipe_works_on_copies_so_later_commands_do_not_change_its_input()
    {
        var result = Run("kind=a | table n | appendpipe [stats sum(n) as n] | eval n=n*10", Events());
        Assert.Equal(["10", "20", "30"], result.Column("n"));
    }

    [Fact]
    public void Appendpipe_on_no_rows_still_runs_the_subpipeline()
    {
        // stats without a by clause always gives one row, even over nothing.
        Assert.Equal(["count=0"], Run("kind=none | appendpipe [stats count]", Events()).Lines());
    }
}
