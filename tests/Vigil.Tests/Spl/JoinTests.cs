using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// join, as the Search Reference's "join" page describes it: type=inner (default) drops unmatched rows, outer/left
/// keep them; max=1 (default) merges with the first match, max=0 with all; overwrite=true (default) lets the
/// subsearch's values win; without fields, the fields common to both sides are used. The subsearch runs over the same
/// events, fed once as the hunt feeds them (Spl.Run pushes each event once through PipelineRun.Push).
/// </summary>
public class JoinTests
{
    private static readonly DateTime T0 = new(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static List<Vigil.Spl.Values.Row> Events() =>
    [
        Row(("kind", "proc"), ("guid", "g1"), ("name", "a.exe"), ("host", "h1"), ("_time", T0)),
        Row(("kind", "proc"), ("guid", "g2"), ("name", "b.exe"), ("host", "h1"), ("_time", T0.AddMinutes(1))),
        Row(("kind", "proc"), ("guid", "g3"), ("name", "c.exe"), ("host", "h2"), ("_time", T0.AddMinutes(2))),
        Row(("kind", "file"), ("guid", "g1"), ("file", "x.dll"), ("host", "h9"), ("_time", T0.AddMinutes(3))),
        Row(("kind", "file"), ("guid", "g1"), ("file", "y.dll"), ("host", "h9"), ("_time", T0.AddMinutes(4))),
        Row(("kind", "file"), ("guid", "G2"), ("file", "z.dll"), ("_time", T0.AddMinutes(5))),
    ];

    [Fact]
    public void Inner_join_keeps_matched_rows_merged_with_the_first_match_and_the_subsearch_overwrites()
    {
        // join: "max ... Default: 1"; "overwrite ... Default: true"; type inner by default. Values compare
        // case-sensitively: g2 does not match G2. The subsearch's rows come newest first, so the first match for g1 is
        // y.dll, and its host h9 overwrites h1.
        var result = Run("kind=proc | table guid name host | join guid [search kind=file | table guid file host]", Events());
        Assert.Equal(["guid", "name", "host", "file"], result.Columns);
        Assert.Equal(["guid=g1 name=a.exe host=h9 file=y.dll"], result.Lines());
    }

    [Fact]
    public void Outer_and_left_keep_unmatched_rows_and_max_0_merges_with_every_match()
    {
        // join: "type=outer | left ... the results include ... events that do not match"; "max=0 ... no limit".
        var outer = Run("kind=proc | table guid name | join type=outer max=0 guid [search kind=file | table guid file]", Events());
        Assert.Equal(["guid=g3 name=c.exe", "guid=g2 name=b.exe", "guid=g1 name=a.exe file=y.dll", "guid=g1 name=a.exe file=x.dll"], outer.Lines());
        var left = Run("kind=proc | table guid name | join guid type=left [search kind=file | table guid file]", Events());
        Assert.Equal(3, left.Rows.Count);
    }

    [Fact]
    public void Overwrite_false_keeps_the_rows_own_values()
    {
        var result = Run("kind=proc | table guid host | join overwrite=false guid [search kind=file | table guid host file]", Events());
        Assert.Equal(["guid=g1 host=h1 file=y.dll"], result.Lines());
    }

    [Fact]
    public void Without_fields_the_fields_both_sides_have_are_the_join_fields()
    {
        // join: "If no fields are specified, all of the fields that are common to both result sets are used."
        var result = Run("kind=proc | table guid name | join [search kind=file | table guid file]", Events());
        Assert.Equal(["guid=g1 name=a.exe file=y.dll"], result.Lines());
    }

    [Fact]
    public void Rows_missing_a_join_field_join_nothing_and_multivalues_compare_whole()
    {
        var rows = new List<Vigil.Spl.Values.Row>
        {
            Row(("side", "l"), ("k", new[] { "a", "b" }), ("n", "1")),
            Row(("side", "l"), ("n", "2")),
            Row(("side", "r"), ("k", new[] { "a", "b" }), ("m", "x")),
            Row(("side", "r"), ("k", "a"), ("m", "y")),
        };
        var result = Run("side=l | table k n | join type=outer k [search side=r | table k m]", rows);
        Assert.Equal(["k=a|b n=1 m=x", "n=2"], result.Lines());
    }

    [Fact]
    public void An_empty_side_gives_no_rows_for_inner_and_the_rows_unchanged_for_outer()
    {
        Assert.Empty(Run("kind=proc | join guid [search kind=none]", Events()).Rows);
        Assert.Empty(Run("kind=none | join guid [search kind=file]", Events()).Rows);
        Assert.Equal(3, Run("kind=proc | join type=outer guid [search kind=none]", Events()).Rows.Count);
    }

    [Fact]
    public void A_join_over_tstats_subsearches_sees_each_event_once_and_reports_the_fields_both_read()
    {
        var pipeline = SplPipeline.Compile("kind=proc | join guid [search kind=file | stats count by guid, file] | table guid name file", new());
        Assert.True(pipeline.ReadsEvents);
        Assert.Equal(["_time", "file", "guid", "kind", "name"], pipeline.EventFieldsRead!.Order(StringComparer.Ordinal));
        Assert.Single(pipeline.Subsearches);
        var result = Run("kind=proc | join guid [search kind=file | stats count by guid, file] | table guid name file count", Events());
        Assert.Equal(["guid=g1 name=a.exe file=x.dll count=1"], result.Lines());
    }

    [Fact]
    public void The_subsearch_may_touch_the_field_or_option_before_it()
    {
        Assert.Single(Run("kind=proc | table guid | join guid[search kind=file | table guid file]", Events()).Rows);
        Assert.Single(Run("kind=proc | table guid | join guid type=inner[search kind=file | table guid file]", Events()).Rows);
    }

    [Theory]
    [InlineData("kind=proc | join usetime=true guid [search kind=file]", "join usetime")]
    [InlineData("kind=proc | join left=L right=R where L.guid=R.guid [search kind=file]", "join left")]
    [InlineData("kind=proc | join guid", null)]
    [InlineData("kind=proc | join guid [search kind=file", null)]
    public void Unsupported_forms_are_refused_by_name(string search, string? subject)
    {
        var e = Assert.Throws<SplCompileException>(() => SplPipeline.Compile(search, new()));
        if (subject is not null)
        {
            Assert.Contains(e.Diagnostics, d => d.Subject == subject && d.Id == SplDiagnosticId.UnsupportedOption);
        }
    }
}
