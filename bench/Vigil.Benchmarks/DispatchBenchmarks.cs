using BenchmarkDotNet.Attributes;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Values;

namespace Vigil.Benchmarks;

/// <summary>
/// Dispatch alone: which of every ESCU detection (../shared/escu) each event of ../shared/evtx (15,000 events, their
/// fields computed beforehand) could meet, the way a hunt asks it. One operation is the whole set of events; the
/// memory diagnoser shows what dispatch allocates in its steady state (the gate test of data model membership
/// projects events into datasets and is left out here: it is the searches' work, not dispatch's).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class DispatchBenchmarks
{
    private readonly List<(Row Row, string Raw, string? Decoded)> _events = [];
    private EventDispatcher? _dispatcher;
    private LiteralTable? _literals;
    private ulong[] _hits = [];
    private SearchContext _context = SearchContext.Utc();

    [GlobalSetup]
    public void Setup()
    {
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(SampleFiles.EvtxFile()))
            ?? throw new InvalidOperationException("../shared/evtx not found");
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(Path.Combine(Path.GetDirectoryName(shared)!, "escu"));
        var (compiled, _) = DetectionCompiler.Compile(content.Library.Detections, content.Definitions);
        var knowledge = content.CreateFieldKnowledge();
        var gates = compiled.Where(c => c.Pipeline.ReadsEvents).Select(c => c.Pipeline.Gate(knowledge.IsVerbatimField))
            .Where(g => g.SharedKey is null)
            .ToList();
        _dispatcher = new EventDispatcher(gates);
        _literals = new LiteralTable(gates);
        _hits = new ulong[_literals.Words];
        var reader = new InputReader([shared], InputOptions.Default, _ => { });
        foreach (var winEvent in reader.Read(null))
        {
            _events.Add((knowledge.RowOf(winEvent, _context), winEvent.Raw, RawTextForms.Decoded(winEvent.Raw)));
        }
    }

    [Benchmark]
    public long DispatchEveryEvent()
    {
        long offered = 0;
        foreach (var (row, raw, decoded) in _events)
        {
            offered += _dispatcher!.Candidates(row, raw, decoded, _context).Count;
        }

        return offered;
    }

    /// <summary>The one pass over each event's raw text (and its decoded form) that finds every gate's literals.</summary>
    [Benchmark]
    public long ScanEveryEvent()
    {
        long found = 0;
        foreach (var (_, raw, decoded) in _events)
        {
            _literals!.Scan(raw, decoded, _hits, 0);
            found += (long)_hits[0];
        }

        return found;
    }
}
