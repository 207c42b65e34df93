using Vigil.Hunt;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// <see cref="HuntOptions.TimeSearches"/> (<c>vigil hunt --profile</c>) times each detection's own search commands and
/// changes nothing else: with dispatch (each event offered to the parts its gate admits) and without (every run takes
/// every event), on one thread and on several.
/// </summary>
public sealed class SearchTimeTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 3)]
    [InlineData(false, 1)]
    public void Timed_hunts_give_the_same_results_with_a_time_for_every_detection_that_took_events(bool dispatch, int threads)
    {
        var content = LoadedContent.Shipped();
        var (compiled, _) = DetectionCompiler.Compile(content.Library.Detections, content.Definitions);
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        var now = Vigil.Spl.Values.Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        HuntReport Hunt(bool timed) => HuntRunner.Run(compiled, new HuntOptions
        {
            Inputs = [sample],
            Knowledge = content.CreateFieldKnowledge(),
            Prefilter = dispatch,
            OnlyFieldsRead = dispatch,
            Now = now,
            TimeSearches = timed,
            Input = Vigil.Events.Sources.InputOptions.Default with { Threads = threads },
        }, TestContext.Current.CancellationToken);

        var untimed = Hunt(timed: false);
        var timed = Hunt(timed: true);
        Assert.All(untimed.Results, r => Assert.Null(r.SearchTime));
        Assert.Equal(untimed.Results.Count, timed.Results.Count);
        for (var i = 0; i < timed.Results.Count; i++)
        {
            Assert.Equal(untimed.Results[i].EventsMatched, timed.Results[i].EventsMatched);
            Assert.Equal(untimed.Results[i].Findings.Select(f => f.Id), timed.Results[i].Findings.Select(f => f.Id));
            var time = Assert.NotNull(timed.Results[i].SearchTime);
            Assert.True(time >= TimeSpan.Zero);
            if (timed.Results[i].EventsMatched > 0)
            {
                Assert.True(time > TimeSpan.Zero, $"{timed.Results[i].Compiled.Detection.Name} took events in no time");
            }
        }

        Assert.Contains(timed.Results, r => r.EventsMatched > 0 && r.Findings.Count > 0);
    }
}
