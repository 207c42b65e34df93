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
}
