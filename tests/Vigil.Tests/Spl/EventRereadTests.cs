using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// Where the hunt can read its events again (<see cref="IEventRereader"/>), map's searches and a base search's
/// subsearches over events read them again once their values are known rather than hold them: the same results as
/// holding, nothing held (so spl.events-held never stops them), one reading for all of map's searches, none when
/// there is nothing to look for.
/// </summary>
public class EventRereadTests
{
    private static List<Row> Events() =>
    [
        Row(("EventCode", "4662"), ("TargetLogonId", "0x1"), ("_raw", "4662 0x1")),
        Row(("EventCode", "4662"), ("TargetLogonId", "0x2"), ("_raw", "4662 0x2")),
        Row(("EventCode", "4624"), ("TargetLogonId", "0x1"), ("src_ip", "10.0.0.1"), ("_raw", "4624 0x1 10.0.0.1")),
        Row(("EventCode", "4624"), ("TargetLogonId", "0x3"), ("src_ip", "10.0.0.3"), ("_raw", "4624 0x3 10.0.0.3")),
        Row(("EventCode", "4624"), ("TargetLogonId", "0x2"), ("src_ip", "10.0.0.2"), ("_raw", "4624 0x2 10.0.0.2")),
        Row(("EventCode", "4625"), ("TargetLogonId", "0x2"), ("src_ip", "10.0.0.9"), ("_raw", "4625 0x2 10.0.0.9")),
    ];

    [Theory]
    [InlineData("EventCode=4662 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\" | table TargetLogonId src_ip")]
    [InlineData("EventCode=4662 | table TargetLogonId | appendpipe [| map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"] | table TargetLogonId src_ip")]
    [InlineData("EventCode=4662 | map maxsearches=1 search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$ | eval n=$_serial_id$\" | table TargetLogonId n")]
    [InlineData("EventCode=4662 | map search=\"search TargetLogonId=$TargetLogonId$ | stats count by EventCode\"")]
    [InlineData("EventCode=4662 | map search=\"| makeresults | eval id=\\\"$TargetLogonId$\\\"\" | table id")]
    [InlineData("EventCode=4624 [search EventCode=4662 | fields TargetLogonId] | table TargetLogonId src_ip")]
    [InlineData("EventCode=462* NOT [search EventCode=4662 TargetLogonId=0x1 | fields TargetLogonId] | table EventCode TargetLogonId")]
    public void Reading_again_gives_what_holding_gives(string search)
    {
        var held = Run(search, Events());
        var reread = RunReading(search, Events(), out _);
        Assert.Null(held.Failure);
        Assert.NotEmpty(held.Rows);
        Assert.Equal(held.Lines(), reread.Lines());
    }

    [Theory]
    [InlineData("EventCode=4662 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\" | table TargetLogonId src_ip")]
    [InlineData("EventCode=4624 [search EventCode=4662 | fields TargetLogonId] | table TargetLogonId src_ip")]
    public void Nothing_is_held_so_the_held_events_limit_never_stops_the_search(string search)
    {
        var definitions = new Vigil.Spl.Definitions.SplDefinitions { Limits = SplLimits.Default.With(SplLimits.EventsHeldName, 1) };
        Assert.NotNull(Run(search, Events(), definitions).Failure);

        var reread = RunReading(search, Events(), out var rereader, definitions);
        Assert.Null(reread.Failure);
        Assert.Equal(["TargetLogonId=0x1 src_ip=10.0.0.1", "TargetLogonId=0x2 src_ip=10.0.0.2"], reread.Lines());
        Assert.Equal(1, rereader.Readings);
    }

    [Fact]
    public void Map_reads_once_for_all_its_searches_and_only_the_events_holding_their_literals()
    {
        RunReading("EventCode=4662 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"", Events(), out var rereader);
        Assert.Equal(1, rereader.Readings);
        var requirement = Assert.Single(rereader.Requirements)!;
        Assert.True(requirement.IsSatisfiedBy("4624 0x1"));
        Assert.True(requirement.IsSatisfiedBy("4624 0x2"));
        Assert.False(requirement.IsSatisfiedBy("4624 0x3"));
        Assert.False(requirement.IsSatisfiedBy("4625 0x2"));
    }

    [Theory]
    [InlineData("EventCode=1 | map search=\"search EventCode=4624 TargetLogonId=$TargetLogonId$\"")]
    [InlineData("EventCode=4662 | map search=\"search EventCode=5555 TargetLogonId=$TargetLogonId$\"")]
    [InlineData("EventCode=5555 [search EventCode=4662 | fields TargetLogonId]")]
    public void No_rows_or_no_event_that_could_match_reads_nothing_again(string search)
    {
        var result = RunReading(search, Events(), out var rereader);
        Assert.Empty(result.Rows);
        Assert.Equal(0, rereader.Readings);
    }

    [Fact]
    public void A_subsearch_stopped_at_a_limit_stops_the_search_even_when_no_event_could_match()
    {
        // Two logon ids make two groups, one past the limit; no event has EventCode 5555.
        var search = "EventCode=5555 [search EventCode=4662 | stats count by TargetLogonId | fields TargetLogonId]";
        var definitions = new Vigil.Spl.Definitions.SplDefinitions { Limits = SplLimits.Default.With(SplLimits.StatsGroupsName, 1) };
        var held = Run(search, Events(), definitions);
        var reread = RunReading(search, Events(), out var rereader, definitions);
        Assert.Equal(SplLimits.StatsGroupsName, held.Failure?.Limit);
        Assert.Equal(SplLimits.StatsGroupsName, reread.Failure?.Limit);
        Assert.Equal(0, rereader.Readings);
    }

    [Fact]
    public void A_prefilter_of_too_many_literals_keeps_the_fewest_and_one_no_text_satisfies_is_known()
    {
        var ids = Enumerable.Range(0, 100).Select(i => (RawRequirement)new RawRequirement.Contains($"0x{i:x}")).ToList();
        var logon = new RawRequirement.Contains("4624");
        var wide = new RawRequirement.All([logon, new RawRequirement.Any(ids)]);
        Assert.Equal(101, wide.LiteralCount);
        Assert.Same(wide, wide.Bounded(101));
        Assert.Same(logon, wide.Bounded(64));
        Assert.Null(new RawRequirement.Any(ids).Bounded(64));

        // Bounded is weaker: whatever satisfies the requirement satisfies what it keeps.
        foreach (var text in new[] { "4624 0x5", "4624 0x63", "4624", "0x5", "4625 0x1" })
        {
            Assert.True(!wide.IsSatisfiedBy(text) || wide.Bounded(64)!.IsSatisfiedBy(text), text);
        }

        Assert.True(new RawRequirement.Any([]).NeverSatisfied);
        Assert.True(new RawRequirement.All([logon, new RawRequirement.Any([])]).NeverSatisfied);
        Assert.False(wide.NeverSatisfied);

        // A subsearch without results stands for NOT (): its search needs a text nothing has.
        var pipeline = SplPipeline.Compile("EventCode=4624 [search EventCode=9999 | fields TargetLogonId]", new());
        var run = RunReading("EventCode=4624 [search EventCode=9999 | fields TargetLogonId]", Events(), out var rereader);
        Assert.Empty(run.Rows);
        Assert.True(Assert.Single(rereader.Requirements)!.NeverSatisfied);
        Assert.True(pipeline.ReadsEvents);
    }

    private static SearchResult RunReading(string search, List<Row> events, out ListRereader rereader, Vigil.Spl.Definitions.SplDefinitions? definitions = null)
    {
        rereader = new ListRereader(events);
        var pipeline = SplPipeline.Compile(search, definitions ?? new Vigil.Spl.Definitions.SplDefinitions());
        var run = pipeline.Start(new SearchContext(TimeZoneInfo.Utc, Now).WithEventRereader(rereader));
        foreach (var row in events)
        {
            run.Push(row);
        }

        return run.Complete();
    }

    /// <summary>Reads a list again as the hunt reads its inputs again: events whose raw text lacks a literal are left out.</summary>
    private sealed class ListRereader(List<Row> events) : IEventRereader
    {
        public int Readings { get; private set; }

        public List<RawRequirement?> Requirements { get; } = [];

        public void Reread(SearchExpression prefilter, Action<Row> offer)
        {
            Readings++;
            var requirement = prefilter.RawRequirement(_ => true);
            Requirements.Add(requirement);
            foreach (var row in events.Where(e => requirement?.IsSatisfiedBy(e["_raw"].FirstText) ?? true))
            {
                offer(row);
            }
        }
    }
}
