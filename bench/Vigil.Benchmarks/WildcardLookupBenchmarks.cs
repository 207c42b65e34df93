using BenchmarkDotNet.Attributes;
using Vigil.Spl.Lookups;
using Vigil.Spl.Values;

namespace Vigil.Benchmarks;

/// <summary>
/// ESCU's dynamic_dns_providers_default (92,000 wildcard patterns such as <c>*.ddns.net*</c>, case-insensitive), as
/// "Detect hosts connecting to dynamic domain providers" looks up every DNS query it groups: 1,000 query names, 1 in
/// 50 under a dynamic DNS domain, through the lookup's index against testing every row's pattern (what a lookup did
/// before the index).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class WildcardLookupBenchmarks
{
    private LookupTable? _table;
    private Wildcard[] _patterns = [];
    private string[] _names = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = SampleFiles.EscuLookup("dynamic_dns_providers_default.csv") ?? throw new InvalidOperationException("../shared/escu/lookups not found");
        var definition = new LookupDefinition("dns", path, () => new StreamReader(path))
        {
            MatchTypes = new Dictionary<string, LookupMatchType>(StringComparer.Ordinal) { ["dynamic_dns_domains"] = LookupMatchType.Wildcard },
            CaseSensitive = false,
            MaxMatches = 1,
        };
        _table = definition.Table;
        _patterns = [.. _table.Rows.Select(r => new Wildcard(r[0], caseSensitive: false))];
        var random = new Random(7);
        _names = [.. Enumerable.Range(0, 1000).Select(i => i % 50 == 0 ? $"host{i}.ddns.net" : $"api{i}.cdn-{random.Next(100_000)}.example.com")];
        var matches = new List<int>();
        foreach (var name in _names)
        {
            matches.Clear();
            _table.Match([(0, name)], 1, matches);
        }
    }

    [Benchmark(Baseline = true)]
    public int EveryRow()
    {
        var found = 0;
        foreach (var name in _names)
        {
            foreach (var pattern in _patterns)
            {
                if (pattern.IsMatch(name))
                {
                    found++;
                    break;
                }
            }
        }

        return found;
    }

    [Benchmark]
    public int Indexed()
    {
        var found = 0;
        var matches = new List<int>();
        foreach (var name in _names)
        {
            matches.Clear();
            _table!.Match([(0, name)], 1, matches);
            found += matches.Count;
        }

        return found;
    }
}
