using System.Text;
using Vigil.Content;
using Vigil.Events.Evtx;
using Vigil.Events.Json;
using Vigil.Events.Sources;
using Vigil.Spl.Definitions;
using Vigil.Tests.Support;

namespace Vigil.Tests.Fuzz;

/// <summary>
/// Every input the fuzzers (fuzz/) found crashing or hanging a reader, minimized, replayed through the entry point of
/// the harness that found it: it must now read to the end without an exception, in well under the hang limit.
/// </summary>
public sealed class CrasherReplayTests
{
    private static readonly string Root = Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Tests", "Fuzz", "Crashers");

    // The fuzzers count an input over 1 s as a hang; the margin is for a loaded CI machine.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Crashers()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Crashers))]
    public async Task Reads_to_the_end_without_throwing(string crasher)
    {
        var path = Path.Combine(Root, crasher);
        var harness = crasher[..crasher.IndexOf('/', StringComparison.Ordinal)];
        var ct = TestContext.Current.CancellationToken;
        var run = Task.Run(() => Replay(harness, path), ct);
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(Limit, ct)));
        await run;
    }

    /// <summary>What fuzz/Vigil.Fuzz does with an input of that harness.</summary>
    private static void Replay(string harness, string path)
    {
        switch (harness)
        {
            case "evtx":
                Drain(new EvtxFileSource(path, new InputOptions { Threads = 1 }), raw => raw.Length >= 0);
                Drain(new EvtxFileSource(path, new InputOptions { Threads = 1, Recover = true }), null);
                break;
            case "xml":
                Drain(new XmlFileSource(path, Encoding.UTF8), null);
                break;
            case "json":
                Drain(new JsonFileSource(path, Encoding.UTF8), null);
                break;
            case "content":
                // Kept as the file the harness wrote (its selector byte dropped): loaded from a content directory.
                using (var dir = new TempDirectory())
                {
                    File.Copy(path, Path.Combine(dir.Path, Path.GetFileName(path)));
                    new ContentLibrary(new SplDefinitions()).AddDirectory(dir.Path);
                }

                break;
            default:
                throw new ArgumentException("no replay for harness " + harness, nameof(harness));
        }
    }

    private static void Drain(IEventSource source, RawEventFilter? filter)
    {
        foreach (var e in source.ReadEvents(filter, new SourceCounters(), _ => { }))
        {
            Assert.NotNull(e.Raw);
        }
    }
}
