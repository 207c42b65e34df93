using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// A search whose result depends on event order buffers its events to give them newest first, as Splunk does. The
/// buffered events keep only the fields the search reads (with _time), when those are known: the results must be the
/// same as from whole events, which a hunt computing every field keeps (<see cref="SearchContext.WithWholeEvents"/>).
/// </summary>
public class NewestFirstBufferTests
{
    private static readonly DateTime T0 = new(2024, 4, 1, 9, 0, 0, DateTimeKind.Utc);

    private static List<Row> Events() =>
    [
        .. new[] { ("ann", "4720", 0), ("bob", "4720", 3), ("ann", "4732", 4), ("cy", "4624", 9), ("ann", "4726", 30), ("bob", "4726", 31), ("cy", "4634", 40) }
            .Select((e, i) => Raw($"{e.Item2} {e.Item1} host{i % 2}", ("user", e.Item1), ("EventCode", e.Item2), ("dest", $"host{i % 2}"),
                ("src_ip", $"10.0.0.{i}"), ("RecordNumber", i), ("_time", T0.AddMinutes(e.Item3)))),
    ];

    [Theory]
    [InlineData("* | transaction user maxspan=10m | stats count values(EventCode) as codes by eventcount dest", "user")]
    [InlineData("* | transaction user startswith=(EventCode=4720) endswith=eval(EventCode=\"4726\") keepevicted=true | table user duration eventcount closed_txn src_ip", "EventCode")]
    [InlineData("* | transaction dest maxpause=5m | search ann | table dest eventcount", "_raw")]
    [InlineData("* | dedup user | table user EventCode src_ip", "src_ip")]
    [InlineData("* | dedup dest | fields dest | search cy | table dest", "_raw")]
    [InlineData("* | head 3 | table user RecordNumber", "RecordNumber")]
    [InlineData("* | stats list(src_ip) as ips first(EventCode) as code by user", "src_ip")]
    [InlineData("* | streamstats count as n by user | where n=2 | table user EventCode n", "EventCode")]
    public void Buffered_events_keep_what_the_search_reads_and_give_what_whole_events_give(string search, string read)
    {
        var pipeline = SplPipeline.Compile(search, new());
        Assert.True(pipeline.NeedsNewestFirst);
        var kept = Assert.IsAssignableFrom<IReadOnlySet<string>>(pipeline.EventFieldsRead);
        Assert.Contains(read, kept);
        Assert.DoesNotContain("dest_nt_host", kept);

        var whole = Start(pipeline, new SearchContext(TimeZoneInfo.Utc, Now).WithWholeEvents());
        var narrowed = Start(pipeline, new SearchContext(TimeZoneInfo.Utc, Now));
        Assert.NotEmpty(whole.Rows);
        Assert.Equal(whole.Lines(), narrowed.Lines());
    }

    [Fact]
    public void A_search_showing_whole_events_keeps_them_whole()
    {
        var pipeline = SplPipeline.Compile("* | transaction user", new());
        Assert.Null(pipeline.EventFieldsRead);
        var result = Start(pipeline, new SearchContext(TimeZoneInfo.Utc, Now));
        Assert.Contains(result.Rows, r => r["src_ip"].Count > 1 && r["_raw"].FirstText.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void The_buffer_gives_on_only_the_kept_fields_newest_first_with_the_evidence()
    {
        var sink = new Captured();
        var stage = new NewestFirstStage(sink, [new FieldKey("user"), new FieldKey("_time")]);
        var events = Events();
        events[0].Evidence = Evidence.Of("line 1", null);
        foreach (var row in events)
        {
            stage.Push(row);
        }

        stage.Complete();
        Assert.Equal(events.Count, sink.Rows.Count);
        Assert.All(sink.Rows, r => Assert.Equal(["user", "_time"], r.Names));
        Assert.Equal("cy", sink.Rows[0]["user"].FirstText);
        Assert.Equal(["line 1"], sink.Rows[^1].Evidence!.Kept);
    }

    private sealed class Captured : IRowSink
    {
        public List<Row> Rows { get; } = [];

        public void Push(Row row) => Rows.Add(row);

        public void Complete()
        {
        }
    }

    private static SearchResult Start(SplPipeline pipeline, SearchContext context)
    {
        var run = pipeline.Start(context);
        foreach (var row in Events())
        {
            run.Push(row);
        }

        return run.Complete();
    }
}
