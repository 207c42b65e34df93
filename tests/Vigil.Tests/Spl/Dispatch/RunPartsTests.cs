using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Values;

namespace Vigil.Tests.Spl.Dispatch;

/// <summary>
/// A run's parts that take events (its generator, its subsearches over events) each meet only the events their own
/// gate admits, and offering events part by part gives the run's result as offering every event to the whole run.
/// </summary>
public sealed class RunPartsTests
{
    private static readonly Func<string, bool> Verbatim = f => f is "EventCode";

    private static Row Event(string source, string code) =>
        Support.Spl.Row([("source", source), ("sourcetype", "XmlWinEventLog"), ("_raw", $"<EventID>{code}</EventID>"), ("EventCode", code)]);

    [Fact]
    public void Each_part_meets_only_its_own_events_and_the_result_is_the_whole_runs()
    {
        var pipeline = SplPipeline.Compile(
            "EventCode=4688 | stats count by EventCode"
            + " | append [search EventCode=4624 | stats count by EventCode]"
            + " | append [search source=\"XmlWinEventLog:System\" EventCode=7045 | stats count by EventCode]",
            new Vigil.Spl.Definitions.SplDefinitions());
        var whole = pipeline.Start(SearchContext.Utc());
        var context = SearchContext.Utc();
        var byParts = pipeline.Start(context);
        var parts = byParts.EventParts(Verbatim);
        Assert.Equal([0, 1, 2], parts.Select(p => p.Part));

        // The whole search's gate lets each event through to every part; each part's gate only its own. (A run starts
        // its stages last to first, so the last append's subsearch is part 1.)
        var dispatcher = new EventDispatcher([.. parts.Select(p => p.Gate)]);
        var events = new[]
        {
            (Event("XmlWinEventLog:Security", "4688"), new[] { 0 }),
            (Event("XmlWinEventLog:Security", "4624"), [2]),
            (Event("XmlWinEventLog:System", "7045"), [1]),
            (Event("XmlWinEventLog:Security", "7045"), []),
            (Event("XmlWinEventLog:Security", "4688"), [0]),
            (Event("XmlWinEventLog:Security", "1"), []),
        };
        foreach (var (row, expected) in events)
        {
            whole.Push(row);
            var candidates = dispatcher.Candidates(row, row["_raw"].ToString(), null, context).Select(c => parts[c].Part).ToList();
            Assert.Equal(expected, candidates);
            foreach (var part in candidates)
            {
                byParts.PushTo(part, row);
            }
        }

        var expectedRows = Lines(whole.Complete());
        Assert.Equal(["EventCode=4688|count=2", "EventCode=4624|count=1", "EventCode=7045|count=1"], expectedRows);
        Assert.Equal(expectedRows, Lines(byParts.Complete()));
    }

    [Fact]
    public void A_tstats_and_its_tstats_subsearch_are_gated_by_their_own_datasets()
    {
        var definitions = Vigil.Hunt.LoadedContent.Shipped().Definitions;
        var pipeline = SplPipeline.Compile(
            "| tstats count from datamodel=Endpoint.Processes by Processes.dest"
            + " | append [| tstats count from datamodel=Endpoint.Filesystem by Filesystem.dest]",
            definitions);

        // The whole search takes the events of either dataset, so no one dataset gates it.
        Assert.Null(pipeline.Gate(Verbatim).Dataset);
        var parts = pipeline.Start(SearchContext.Utc()).EventParts(Verbatim);
        Assert.Equal([("Endpoint", "Processes"), ("Endpoint", "Filesystem")], parts.Select(p => p.Gate.Dataset!.Value));
    }

    [Fact]
    public void A_search_of_the_risk_index_offers_the_files_events_only_to_its_subsearch()
    {
        var pipeline = SplPipeline.Compile(
            "index=risk | stats count by risk_object | append [search EventCode=4688 | stats count by EventCode]",
            new Vigil.Spl.Definitions.SplDefinitions());
        var parts = pipeline.Start(SearchContext.Utc()).EventParts(Verbatim);
        Assert.Equal([1], parts.Select(p => p.Part));
        Assert.Equal(["4688"], parts[0].Gate.Anchors);
    }

    private static List<string> Lines(SearchResult result) =>
        [.. result.Rows.Select(row => string.Join("|", row.Names.Select(n => $"{n}={row[n]}")))];
}
