using Vigil.Store;
using Vigil.Tests.Support;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>Hunts writing one store at the same time all land, whole; readers meanwhile only ever see whole runs.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task Two_writer_processes_on_a_new_store_both_land_and_readers_meanwhile_see_only_whole_runs()
    {
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        using var first = CrashWriterProcess.Start(path, Path.Combine(dir.Path, "work"), "a", runs: 3, findings: 800);
        using var second = CrashWriterProcess.Start(path, Path.Combine(dir.Path, "work"), "b", runs: 3, findings: 800);
        // Both create and migrate the same new file at once, then write their runs in turn.
        var audits = 0;
        var exits = Task.WhenAll(Task.Run(first.WaitForExit, TestContext.Current.CancellationToken), Task.Run(second.WaitForExit, TestContext.Current.CancellationToken));
        while (!exits.IsCompleted)
        {
            if (File.Exists(path))
            {
                try
                {
                    using var reader = VigilStore.OpenExisting(path);
                    StoreAudit.AssertSound(reader);
                    audits++;
                }
                catch (StoreException e) when (e.Message.Contains("does not exist", StringComparison.Ordinal) || e.Message.Contains("no store", StringComparison.Ordinal))
                {
                }
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var codes = await exits;
        Assert.Equal([0, 0], codes);
        using var store = VigilStore.Open(path);
        StoreAudit.AssertSound(store);
        var runs = store.Runs();
        Assert.Equal(6, runs.Count);
        Assert.Equal(first.Landed.Concat(second.Landed).Select(l => l.RunId).Order(), runs.Select(r => r.Id));
        Assert.Equal(6 * 800, store.CountFindings(new FindingQuery()));
        Assert.All(runs, r => Assert.Equal((800, 0, 800), (r.FindingsNew, r.FindingsSeen, r.RiskEventsNew)));
        TestContext.Current.TestOutputHelper?.WriteLine($"{audits} audits by a reader while the writers ran");
    }

    [Fact]
    public async Task Two_connections_hunting_on_two_threads_at_once_both_land()
    {
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        var inputs = new[] { "alpha", "beta" }.Select(host => dir.Write(host + ".log", TestEvent.SplunkFile(
            Enumerable.Range(0, 200).Select(i => TestEvent.Iis2282(host, $"c:\\temp\\{host}{i}.dll", new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i), i + 1))))).ToList();
        using var start = new Barrier(2);
        var recorded = inputs.Select(input => Task.Run(() =>
        {
            using var store = VigilStore.Open(path);
            start.SignalAndWait(TestContext.Current.CancellationToken);
            return HuntInto(store, [input]).Recorded;
        }, TestContext.Current.CancellationToken)).ToArray();
        var runs = await Task.WhenAll(recorded);

        Assert.All(runs, r => Assert.Equal(200, r.FindingsNew));
        using var check = VigilStore.Open(path);
        StoreAudit.AssertSound(check);
        Assert.Equal(2, check.Runs().Count);
        Assert.Equal(200, check.Findings(new FindingQuery { Entity = "alpha" }).Count);
        Assert.Equal(200, check.Findings(new FindingQuery { Entity = "BETA" }).Count);
    }
}
