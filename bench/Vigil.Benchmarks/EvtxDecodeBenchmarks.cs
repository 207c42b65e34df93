using BenchmarkDotNet.Attributes;
using Vigil.Events.Evtx;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Events.Xml;
using Vigil.Evtx;

namespace Vigil.Benchmarks;

/// <summary>
/// Every record of the largest shared sample into the event model, one thread: straight from BinXML with or without
/// the raw XML (what export and hunts do now), against rendering the XML and parsing it again (what they did before).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class EvtxDecodeBenchmarks
{
    private string _file = string.Empty;

    [GlobalSetup]
    public void Setup() => _file = SampleFiles.EvtxFile() ?? throw new InvalidOperationException("../shared/evtx not found");

    [Benchmark(Baseline = true)]
    public long RenderAndParseXml()
    {
        long fields = 0;
        var options = new EvtxReaderOptions { Threads = 1 };
        foreach (EvtxRecord r in EvtxFile.ReadRecords(_file, options, new EvtxFileSummary()))
        {
            fields += XmlEventParser.Parse(r.Xml, new EvtxOrigin(_file, r.ChunkIndex, r.RecordId, r.FileOffset)).Fields.Count;
        }

        return fields;
    }

    [Benchmark]
    public long FromBinXmlWithRaw() => Read(rawText: true);

    [Benchmark]
    public long FromBinXmlWithoutRaw() => Read(rawText: false);

    private long Read(bool rawText)
    {
        long fields = 0;
        var source = new EvtxFileSource(_file, new InputOptions { Threads = 1, RawText = rawText });
        foreach (WinEvent e in source.ReadEvents(null, new SourceCounters(), _ => { }))
        {
            fields += e.Fields.Count;
        }

        return fields;
    }
}
