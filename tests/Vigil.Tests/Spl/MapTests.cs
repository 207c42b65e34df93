using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// map, as the Search Reference's "map" page describes it: the search runs once per input row with $field$ replaced,
/// at most maxsearches (10 by default) times. The events are fed once (PipelineRun.Push), as a hunt feeds them.
/// </summary>
public class MapTests
{
    private static List<Vigil.Spl.Values.Row> Events() =>
    [
        Row(("EventCode", "4662"), ("TargetLogonId", "0x1")),
        Row(("EventCode", "4662"), ("TargetLogonId", "0x2")),
        Row(("EventCode", "4624"), ("TargetLogonId", "0x1"), ("src_ip", "10.0.0.1")),
        Row(("EventCode", "4624"), ("TargetLogonId", "0x3"), ("src_ip", "10.0.0.3")),
        Row(("EventCode", "4624"), ("TargetLogonId", "0x2"), ("src_ip", "10.0.0.2")),
    ];

    [Fact]
    public void The_search_runs_per_row_with_its_values()
    {
        var result = Run("EventCode=4662 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\" | table TargetLogonId src_ip", Events());
        Assert.Equal(["TargetLogonId=0x1 src_ip=10.0.0.1", "TargetLogonId=0x2 src_ip=10.0.0.2"], result.Lines());
    }

    [Fact]
    public void Held_events_keep_the_fields_the_map_search_reads()
    {
        // The map search chooses its fields, so held events keep only those it can read (not _raw): the results must
        // be the same as from whole events.
        var result = Run("EventCode=4662 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$ | eval ip=src_ip | table TargetLogonId ip\"", Events());
        Assert.Equal(["TargetLogonId=0x1 ip=10.0.0.1", "TargetLogonId=0x2 ip=10.0.0.2"], result.Lines());
    }

    [Fact]
    public void Inside_appendpipe_the_results_follow_the_rows()
    {
        // The ESCU form: appendpipe [| map search="search `wineventlog_security` EventCode=4624 TargetLogonId=$TargetLogonId$"].
        var result = Run("EventCode=4662 | table TargetLogonId | appendpipe [| map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"] | table TargetLogonId src_ip", Events());
        Assert.Equal(["TargetLogonId=0x1", "TargetLogonId=0x2", "TargetLogonId=0x1 src_ip=10.0.0.1", "TargetLogonId=0x2 src_ip=10.0.0.2"], result.Lines());
    }

    [Fact]
    public void Maxsearches_limits_the_rows_used_and_serial_id_numbers_them()
    {
        var result = Run("EventCode=4662 | map maxsearches=1 search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$ | eval n=$_serial_id$\" | table TargetLogonId n", Events());
        Assert.Equal(["TargetLogonId=0x1 n=1"], result.Lines());
    }

    [Fact]
    public void A_row_without_the_field_and_no_rows_give_no_results()
    {
        Assert.Empty(Run("EventCode=4624 | table src_ip | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"", Events()).Rows);
        Assert.Empty(Run("EventCode=1 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"", Events()).Rows);
    }

    [Fact]
    public void The_pipeline_reads_the_events_the_map_search_needs()
    {
        var pipeline = SplPipeline.Compile("EventCode=4662 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"", new());
        Assert.True(pipeline.ReadsEvents);
        var requirement = pipeline.RawRequirement(_ => true)!;
        Assert.True(requirement.IsSatisfiedBy("4624"));
        Assert.True(requirement.IsSatisfiedBy("4662"));
        Assert.False(requirement.IsSatisfiedBy("4625"));
    }

    [Theory]
    [InlineData("* | map my_saved_search", "map saved search")]
    [InlineData("* | map search=\"| tstats count from datamodel=X\"", null)]
    [InlineData("* | map search=\"search x=$y$\" foo=1", "map foo")]
    [InlineData("* | map search=\"search x=1 earliest=\\\"$start$\\\" latest=$end$\"", "map time modifier from a token")]
    public void Unsupported_forms_are_refused(string search, string? subject)
    {
        var e = Assert.Throws<SplCompileException>(() => SplPipeline.Compile(search, new()));
        if (subject is not null)
        {
            Assert.Contains(e.Diagnostics, d => d.Subject == subject);
        }
    }
}
