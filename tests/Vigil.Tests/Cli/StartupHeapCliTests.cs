using System.Text.RegularExpressions;
using Vigil.Content.Loading;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>
/// The vigil process over a small input collects no garbage once content begins to load (the one collection made
/// when the GC is told so comes first); in process, as the other tests run it, the GC is left alone.
/// </summary>
public sealed class StartupHeapCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_hunt_over_a_small_input_makes_no_collection_after_it_begins()
    {
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        var environment = new Dictionary<string, string?> { [ContentCache.EnvironmentVariable] = Path.Combine(_dir.Path, "cache") };
        var run = await VigilProcess.RunAsync(environment, "hunt", sample, "--no-store", "-f", "jsonl", "--no-progress", "--profile");
        Assert.Equal(0, run.Exit);

        // "profile: 0.080 s from the command's start: knowledge and shipped content 0.011 s (5.6 MiB allocated, 1
        // collections, 1 full, ...), search facts ... (..., 0 collections, ...), ..."
        var line = run.Err.Split('\n').Single(l => Regex.IsMatch(l, @"^profile: [\d.]+ s from the command's start"));
        var collections = Regex.Matches(line, @"(\d+) collections").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(collections.Count >= 4, line);
        Assert.True(collections[0] <= 1, line);
        Assert.All(collections.Skip(1), c => Assert.Equal(0, c));
    }
}
