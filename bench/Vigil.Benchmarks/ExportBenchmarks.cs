using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Events.Evtx;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Sinks;

namespace Vigil.Benchmarks;

/// <summary>
/// The JSON lines of <c>vigil export --fields raw --no-raw</c> for every event of the largest shared sample, decoded
/// beforehand: formatted on the calling thread, and in batches on the pool (written in order), to a UTF-8 stream that
/// discards them.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class ExportBenchmarks
{
    private List<WinEvent> _events = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var file = SampleFiles.EvtxFile() ?? throw new InvalidOperationException("../shared/evtx not found");
        _events = new EvtxFileSource(file, new InputOptions { Threads = 1, RawText = false })
            .ReadEvents(null, new SourceCounters(), _ => { }).ToList();
    }

    [Benchmark]
    public int JsonLines()
    {
        using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
        using var lines = new EventJsonLines(writer, includeRaw: false, Threads);
        foreach (var winEvent in _events)
        {
            lines.Write(winEvent);
        }

        return _events.Count;
    }
}
