using System.Text;
using BenchmarkDotNet.Attributes;
using Vigil.Spl.Lookups;

namespace Vigil.Benchmarks;

/// <summary>
/// ESCU's largest lookup table (dynamic_dns_providers_default.csv, 92,000 rows): read whole, as a search's first look
/// up does, against checked (header read, rows counted), as every search naming it does when it compiles.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class LookupBenchmarks
{
    private string _text = string.Empty;

    [GlobalSetup]
    public void Setup() =>
        _text = File.ReadAllText(SampleFiles.EscuLookup("dynamic_dns_providers_default.csv") ?? throw new InvalidOperationException("../shared/escu/lookups not found"), Encoding.UTF8);

    [Benchmark(Baseline = true)]
    public int Read() => LookupTable.Read(new StringReader(_text), "dynamic_dns_providers_default.csv", new LookupDefinition("dns", "dns.csv", () => new StringReader(_text)), 5_000_000).Rows.Count;

    [Benchmark]
    public int Check() => LookupTable.Check(new StringReader(_text), "dynamic_dns_providers_default.csv", 5_000_000).Columns.Count;
}
