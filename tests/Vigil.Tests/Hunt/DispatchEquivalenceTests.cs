using Vigil.Hunt;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// Dispatch (each event offered only to the searches whose gate it passes) and the literal prefilter change no result:
/// every ESCU detection over the real EVTX files and Winlogbeat JSON in ../shared gives the same rows as when every
/// detection sees every event and every field is computed, with the searches in one partition and split over three
/// (which share each event's fields and literal scan between their threads).
/// </summary>
public sealed class DispatchEquivalenceTests
{
    [Fact]
    public void Dispatch_and_prefilter_give_the_same_results_as_every_detection_on_every_event()
    {
        var escu = TestPaths.RequireShared("escu");
        var inputs = new[] { TestPaths.RequireShared("evtx"), TestPaths.RequireShared("json", "winlogbeat") };
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(escu);
        var detections = content.Library.Detections.Where(d => !string.Equals(d.Status, "deprecated", StringComparison.OrdinalIgnoreCase)).ToList();
        var (compiled, _) = DetectionCompiler.Compile(detections, content.Definitions);
        var now = Vigil.Spl.Values.Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        HuntReport Hunt(bool shortcuts, int threads) => HuntRunner.Run(compiled, new HuntOptions
        {
            Inputs = inputs,
            Knowledge = content.CreateFieldKnowledge(),
            Prefilter = shortcuts,
            OnlyFieldsRead = shortcuts,
            Now = now,
            Input = Vigil.Events.Sources.InputOptions.Default with { Threads = threads },
        });

        var full = Hunt(shortcuts: false, threads: 1);
        var withRows = 0;
        foreach (var threads in new[] { 1, 3 })
        {
            var fast = Hunt(shortcuts: true, threads);
            Assert.Equal(full.Counters.Events, fast.Counters.Events);
            withRows = 0;
            for (var i = 0; i < compiled.Count; i++)
            {
                Assert.Equal(full.Results[i].EventsMatched, fast.Results[i].EventsMatched);
                Assert.Equal(Lines(full.Results[i]), Lines(fast.Results[i]));
                Assert.Equal(full.Results[i].Findings.Select(f => f.Id), fast.Results[i].Findings.Select(f => f.Id));
                withRows += full.Results[i].Result.Rows.Count > 0 ? 1 : 0;
            }
        }

        // The comparison means something only if many detections found rows.
        Assert.True(withRows > 40, $"only {withRows} detections gave rows");
    }

    private static List<string> Lines(DetectionResult result) =>
        result.Result.Rows.Select(row => string.Join("|", row.Names.Select(n => $"{n}={row[n]}"))).ToList();
}
