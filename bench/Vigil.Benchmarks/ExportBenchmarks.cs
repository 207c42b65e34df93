using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Events.Evtx;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Knowledge;
using Vigil.Sinks;
using Vigil.Spl.Execution;

namespace Vigil.Benchmarks;

/// <summary>
/// The JSON lines of <c>vigil export --no-raw</c> for every event of the largest shared sample, decoded beforehand:
/// with only what the reader gave (<c>--fields raw</c>), and as rows with the shipped add-ons' fields (<c>--fields
/// all</c>, the default: made as they are formatted); on the calling thread, and in batches on the pool (written in
/// order), to a UTF-8 stream that discards them.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class ExportBenchmarks
{
    private List<WinEvent> _events = [];
    private FieldKnowledge? _knowledge;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var file = SampleFiles.EvtxFile() ?? throw new InvalidOperationException("../shared/evtx not found");
        // With their raw text: the add-ons' extractions read it.
        _events = new EvtxFileSource(file, new InputOptions { Threads = 1, RawText = true })
            .ReadEvents(null, new SourceCounters(), _ => { }).ToList();
        _knowledge = LoadedContent.Shipped().CreateFieldKnowledge();
    }

    [Benchmark]
    public int JsonLines()
    {
        using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
        using var lines = EventLines.RawJson(writer, includeRaw: false, Threads);
        foreach (var winEvent in _events)
        {
            lines.Write(winEvent);
        }

        return _events.Count;
    }

    [Benchmark]
    public int JsonLinesOfRows()
    {
        var knowledge = _knowledge!;
        using var writer = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16);
        using var lines = EventLines.JsonOfRows(writer, includeRaw: false, Threads, () =>
        {
            var context = SearchContext.Utc();
            return winEvent => knowledge.RowOf(winEvent, context);
        });
        foreach (var winEvent in _events)
        {
            lines.Write(winEvent);
        }

        return _events.Count;
    }
}
