using Vigil.Store;
using Vigil.Tests.Support;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>
/// A real writer process killed with SIGKILL while it records runs: the store still opens, passes SQLite's integrity
/// check and holds only whole runs, every run the writer saw commit among them.
/// </summary>
public class CrashSafetyTests
{
    /// <summary>How far into a run's write (as a share of how long the writer's earlier writes took) each kill falls.</summary>
    private static readonly double[] KillPoints = [0.0, 0.1, 0.25, 0.5, 0.75, 1.5];

    private const int FindingsPerRun = 1500;

    [Fact]
    public void Killing_the_writer_at_any_moment_leaves_a_sound_store_of_whole_runs()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "skipped on Windows: the test kills its child with SIGKILL, which Windows does not have (TerminateProcess differs)");
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        var committed = new HashSet<long>();
        var interrupted = 0;
        for (var attempt = 0; attempt < KillPoints.Length; attempt++)
        {
            int inFlight;
            long writeMilliseconds;
            using (var writer = CrashWriterProcess.Start(path, Path.Combine(dir.Path, "work"), $"k{attempt}", runs: 0, FindingsPerRun))
            {
                // Two runs land first, to learn how long a write takes here; the kill falls into the third's.
                writeMilliseconds = Math.Max(writer.WaitForLanded().WriteMilliseconds, writer.WaitForLanded().WriteMilliseconds);
                inFlight = writer.WaitForWriting();
                Thread.Sleep((int)(KillPoints[attempt] * writeMilliseconds));
                writer.Kill();
                committed.UnionWith(writer.Landed.Select(l => l.RunId));
                var said = writer.Landed.Any(l => l.Run == inFlight);
                using var store = VigilStore.Open(path);
                StoreAudit.AssertSound(store);
                var runs = store.Runs().Select(r => r.Id).ToHashSet();
                Assert.Superset(committed, runs);
                // Besides those it announced, at most one run landed: the one being written when the kill came, which
                // committed just before it. Past the end of the run in flight (a kill at 1.5 writes' time, on a busy
                // machine), that is the next one, so an announced run in flight does not rule it out.
                Assert.InRange(runs.Count - committed.Count, 0, 1);
                var inFlightLanded = said || runs.Count > committed.Count;
                committed.UnionWith(runs);
                if (!inFlightLanded)
                {
                    interrupted++;
                }

                TestContext.Current.TestOutputHelper?.WriteLine(
                    $"kill {attempt + 1}: {KillPoints[attempt] * writeMilliseconds:F0} ms into a write that takes about {writeMilliseconds} ms; the run in flight {(inFlightLanded ? "(or the next) landed whole" : "left nothing")}; {runs.Count} runs in the store");
            }
        }

        // Most kills fall inside a write transaction: at least one must have been rolled back for this test to test it.
        Assert.True(interrupted > 0, "no kill interrupted a write");
        using var final = VigilStore.Open(path);
        Assert.Equal(committed.Count * FindingsPerRun, final.CountFindings(new FindingQuery()));
    }
}
