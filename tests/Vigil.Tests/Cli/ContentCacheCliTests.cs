using Vigil.Content.Loading;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary>The content cache as the CLI uses it: where it goes by default, what turns it off. Child processes, because the cache folder comes from the environment.</summary>
public sealed class ContentCacheCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Content_is_cached_in_the_users_cache_folder_and_no_cache_or_off_writes_nothing()
    {
        _dir.Write("content/detections/a.yml", "name: A\nid: a1\nsearch: 'search index=a'\n");
        var content = Path.Combine(_dir.Path, "content");
        var cache = Path.Combine(_dir.Path, "xdg-cache");
        var environment = new Dictionary<string, string?>
        {
            [ContentCache.EnvironmentVariable] = null,
            ["XDG_CACHE_HOME"] = cache,
            ["HOME"] = Path.Combine(_dir.Path, "home"),
            ["LOCALAPPDATA"] = cache,
        };

        var skipped = await VigilProcess.RunAsync(environment, "detections", "--content", content, "--no-cache");
        Assert.Equal(0, skipped.Exit);
        Assert.Contains("a1", skipped.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache), "--no-cache wrote a cache");

        environment[ContentCache.EnvironmentVariable] = "off";
        Assert.Equal(0, (await VigilProcess.RunAsync(environment, "detections", "--content", content)).Exit);
        Assert.False(Directory.Exists(cache), $"{ContentCache.EnvironmentVariable}=off wrote a cache");

        environment[ContentCache.EnvironmentVariable] = null;
        var first = await VigilProcess.RunAsync(environment, "detections", "--content", content);
        Assert.Equal(0, first.Exit);
        var folder = OperatingSystem.IsWindows() ? Path.Combine(cache, "Vigil", "cache") : Path.Combine(cache, "vigil");
        Assert.Single(Directory.GetFiles(folder, "content-*.bin"));
        var second = await VigilProcess.RunAsync(environment, "detections", "--content", content);
        Assert.Equal(first.Out, second.Out);
        Assert.Equal(first.Err, second.Err);
    }

    [Fact]
    public async Task A_hunt_with_the_search_facts_of_an_earlier_run_gives_the_same_output()
    {
        _dir.Write("content/detections/reached.yml", "name: Reached\nid: r1\nsearch: 'EventCode=2282 | stats count by host'\n");
        _dir.Write("content/detections/unreached.yml", "name: Unreached\nid: u1\nsearch: 'EventCode=4688 | stats count by host'\n");
        _dir.Write("content/detections/failing.yml", "name: Failing\nid: f1\nsearch: 'EventCode=4688 | nosuchcommand'\n");
        var content = Path.Combine(_dir.Path, "content");
        var cache = Path.Combine(_dir.Path, "cache");
        var environment = new Dictionary<string, string?> { [ContentCache.EnvironmentVariable] = cache };
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        async Task<(string Out, string Err)> Hunt(params string[] more)
        {
            var run = await VigilProcess.RunAsync(environment, ["hunt", sample, "--content", content, "--no-store", "-f", "json", "--no-progress", .. more]);
            Assert.Equal(0, run.Exit);

            // The summary line says how long the hunt took.
            return (run.Out, string.Join('\n', run.Err.Split('\n').Where(l => !l.StartsWith("summary:", StringComparison.Ordinal))));
        }

        var first = await Hunt();
        Assert.Single(Directory.GetFiles(cache, "searches-*.bin"));
        Assert.Contains("1 detection cannot run here", first.Err, StringComparison.Ordinal);
        Assert.Equal(first, await Hunt());
        Assert.Equal(first, await Hunt("--no-prefilter"));

        // A detection that does not compile fails for the same reason when the facts say so.
        var recalled = await VigilProcess.RunAsync(environment, "hunt", sample, "--content", content, "--no-store", "-d", "Failing");
        environment[ContentCache.EnvironmentVariable] = "off";
        var compiled = await VigilProcess.RunAsync(environment, "hunt", sample, "--content", content, "--no-store", "-d", "Failing");
        Assert.NotEqual(0, recalled.Exit);
        Assert.Equal((compiled.Exit, compiled.Err), (recalled.Exit, recalled.Err));
        Assert.Contains("nosuchcommand", recalled.Err, StringComparison.Ordinal);
    }
}
