using BenchmarkDotNet.Attributes;
using Vigil.Evtx;

namespace Vigil.Benchmarks;

/// <summary>Reads every record of security.evtx (or the largest shared sample): 1 thread vs all cores, rendering every record vs a RecordFilter that keeps none.</summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class EvtxReadBenchmarks
{
    private string _file = string.Empty;

    public static IEnumerable<int> ThreadCounts => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>True: a RecordFilter that rejects every record (search text built, nothing rendered).</summary>
    [Params(false, true)]
    public bool FilterKeepsNothing { get; set; }

    [GlobalSetup]
    public void Setup() => _file = SampleFiles.EvtxFile() ?? throw new InvalidOperationException("../shared/evtx not found");

    [Benchmark]
    public long ReadAllRecords()
    {
        var summary = new EvtxFileSummary();
        var options = new EvtxReaderOptions
        {
            Threads = Threads,
            RecordFilter = FilterKeepsNothing ? static _ => false : null,
        };
        long chars = 0;
        foreach (EvtxRecord r in EvtxFile.ReadRecords(_file, options, summary))
        {
            chars += r.Xml.Length;
        }

        return chars + summary.RecordsRead + summary.RecordsSkipped;
    }
}
