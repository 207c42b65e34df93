using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Vigil.Events.Sources;
using Vigil.Spl.Values;

namespace Vigil.Benchmarks;

/// <summary>
/// ESCU's PowerShell 4104 Hunting tests every script block against 31 <c>match()</c> expressions, among them
/// alternations of a hundred case-insensitive words. One operation is every expression over every script block of
/// ../shared's Powershell-Invoke-Obfuscation-many.evtx (302 blocks, 1.05 million characters; lowered where the search
/// lowers them): by the backtracking engine, interpreted as the native build runs it, and by <see cref="TieredRegex"/>
/// once its linear twins are built.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[ShortRunJob]
public class RegexBenchmarks
{
    private readonly List<(Regex Backtracking, TieredRegex Tiered, string[] Texts)> _tests = [];

    [GlobalSetup]
    public void Setup()
    {
        var evtx = SampleFiles.Shared("evtx", "deepbluecli", "Powershell-Invoke-Obfuscation-many.evtx")
            ?? throw new InvalidOperationException("../shared/evtx/deepbluecli not found");
        var detection = SampleFiles.Shared("escu", "detections", "endpoint", "powershell_4104_hunting.yml")
            ?? throw new InvalidOperationException("../shared/escu not found");
        var texts = new InputReader([evtx], InputOptions.Default, _ => { }).Read(null)
            .SelectMany(e => e.Fields.Where(f => f.Name == "ScriptBlockText").Select(f => f.Value))
            .ToArray();
        var lowered = texts.Select(t => t.ToLowerInvariant()).ToArray();

        // match(ScriptBlockText, "...") and match(lower(ScriptBlockText), "..."), SPL's escapes undone.
        var search = File.ReadAllText(detection).Replace("''", "'", StringComparison.Ordinal);
        foreach (Match call in Regex.Matches(search, "match\\((lower\\()?ScriptBlockText\\)?\\s*,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\)"))
        {
            var pattern = call.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            var tiered = new TieredRegex(Pcre.Compile(pattern));
            var input = call.Groups[1].Success ? lowered : texts;
            foreach (var text in input)
            {
                tiered.IsMatch(text);
            }

            _tests.Add((Pcre.Compile(pattern), tiered, input));
        }
    }

    [Benchmark(Baseline = true)]
    public int Backtracking() => Matches(static (test, text) => test.Backtracking.IsMatch(text));

    [Benchmark]
    public int Tiered() => Matches(static (test, text) => test.Tiered.IsMatch(text));

    // One delegate call per text on both sides: nanoseconds against the microseconds an expression takes over a block.
    private int Matches(Func<(Regex Backtracking, TieredRegex Tiered, string[] Texts), string, bool> isMatch)
    {
        var matches = 0;
        foreach (var test in _tests)
        {
            foreach (var text in test.Texts)
            {
                matches += isMatch(test, text) ? 1 : 0;
            }
        }

        return matches;
    }
}
