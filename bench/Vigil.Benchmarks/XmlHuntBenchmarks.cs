using BenchmarkDotNet.Attributes;
using Vigil.Content;
using Vigil.Events.Model;
using Vigil.Events.Xml;
using Vigil.Hunt;

namespace Vigil.Benchmarks;

/// <summary>
/// The XML path: parsing one real event, and the seed detection over the bundled sample log repeated 200 times
/// (13,600 events, 10.5 MiB), with the literal prefilter and without.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class XmlHuntBenchmarks
{
    private string _event = string.Empty;
    private string _file = string.Empty;
    private IReadOnlyList<CompiledDetection> _detections = [];
    private LoadedContent? _content;

    [GlobalSetup]
    public void Setup()
    {
        var sample = SampleFiles.SplunkSample();
        var lines = File.ReadAllLines(sample);
        _event = lines.First(l => l.Contains(">2282<", StringComparison.Ordinal));
        _file = Path.Combine(Path.GetTempPath(), "vigil-bench-app.log");
        File.WriteAllLines(_file, Enumerable.Repeat(lines, 200).SelectMany(l => l));
        _content = LoadedContent.Shipped();
        _detections = DetectionCompiler.Compile(_content.Library.Detections, _content.Definitions).Compiled;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_file);

    [Benchmark]
    public int ParseOneEvent() => XmlEventParser.Parse(_event, new LineOrigin("bench", 1)).Fields.Count;

    [Benchmark]
    public int HuntSeedWithPrefilter() => Hunt(prefilter: true);

    [Benchmark]
    public int HuntSeedParsingEverything() => Hunt(prefilter: false);

    private int Hunt(bool prefilter) =>
        HuntRunner.Run(_detections, new HuntOptions { Inputs = [_file], Knowledge = _content!.CreateFieldKnowledge(), Prefilter = prefilter }).Results.Sum(r => r.Findings.Count);
}
