using System.Text.Json;
using CsCheck;
using Vigil.Content;
using Vigil.Content.Loading;
using Vigil.Spl.Definitions;
using Vigil.Tests.Support;

namespace Vigil.Tests.Content;

public class ContentCacheTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void All_of_ESCU_from_the_cache_is_the_library_read_from_YAML()
    {
        var escu = TestPaths.RequireShared("escu");
        using var cacheDir = new TempDirectory();
        var uncached = Load(escu, cache: null);

        var first = new ContentCache(cacheDir.Path);
        var missed = Load(escu, first);
        var files = first.LastLoad.Read;
        Assert.Equal(0, first.LastLoad.Reused);
        Assert.True(files > 2000, $"only {files} files read");

        var second = new ContentCache(cacheDir.Path);
        var hit = Load(escu, second);
        Assert.Equal((files, 0), second.LastLoad);
        Assert.Empty(second.Warnings);

        // Every public property of every detection, story, macro and lookup, and every problem: a field the cache
        // format leaves out (one added to Detection later, say) shows here as a difference.
        var expected = Describe(uncached);
        Assert.Equal(expected, Describe(missed));
        Assert.Equal(expected, Describe(hit));
    }

    [Fact]
    public void An_edited_file_is_read_again_and_the_rest_come_from_the_cache()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        content.Write("detections/a.yml", Detection("A", "a1", "search index=a"));
        var b = content.Write("detections/b.yml", Detection("B", "b1", "search index=b"));
        content.Write("macros/m.yml", "name: m\ndefinition: index=m\n");
        Load(content.Path, new ContentCache(cacheDir.Path));

        File.WriteAllText(b, Detection("B", "b1", "search index=changed"));
        var cache = new ContentCache(cacheDir.Path);
        var library = Load(content.Path, cache);
        Assert.Equal((2, 1), cache.LastLoad);
        Assert.Equal("search index=changed", library.Find("b1")!.Search);

        File.Delete(b);
        cache = new ContentCache(cacheDir.Path);
        library = Load(content.Path, cache);
        Assert.Equal((2, 0), cache.LastLoad);
        Assert.Null(library.Find("b1"));
        Assert.NotNull(library.Find("a1"));
    }

    [Fact]
    public void A_file_whose_stamp_is_unchanged_is_not_read_and_a_change_of_its_bytes_is_seen_whatever_its_time()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "stamps come from Linux's statx; elsewhere every file is hashed");
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        ContentCache Cache() => new(cacheDir.Path) { Settled = TimeSpan.Zero };
        var b = content.Write("detections/b.yml", Detection("B", "b1", "search index=first"));
        Load(content.Path, Cache());

        // Unchanged: taken by its stamp alone, not opened.
        var cache = Cache();
        Assert.Equal("search index=first", Load(content.Path, cache).Find("b1")!.Search);
        Assert.Equal((1, 0), cache.LastLoad);
        Assert.Equal(0, cache.LastHashed);

        // Other bytes of the same size with the modification time set back: the change time moved (past the file
        // system clock's tick, a few milliseconds), so the bytes are hashed, differ, and are read.
        var modified = File.GetLastWriteTimeUtc(b);
        Thread.Sleep(50);
        File.WriteAllText(b, Detection("B", "b1", "search index=secnd"));
        File.SetLastWriteTimeUtc(b, modified);
        cache = Cache();
        Assert.Equal("search index=secnd", Load(content.Path, cache).Find("b1")!.Search);
        Assert.Equal((0, 1), cache.LastLoad);
        Assert.Equal(1, cache.LastHashed);

        // The same bytes under a new time: taken by their hash and restamped, so the next run takes them by the stamp.
        Thread.Sleep(50);
        File.SetLastWriteTimeUtc(b, modified.AddMinutes(-5));
        cache = Cache();
        Load(content.Path, cache);
        Assert.Equal(((1, 0), 1), (cache.LastLoad, cache.LastHashed));
        cache = Cache();
        Load(content.Path, cache);
        Assert.Equal(((1, 0), 0), (cache.LastLoad, cache.LastHashed));
    }

    [Fact]
    public void A_linked_file_is_stamped_as_the_file_it_links_to()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "stamps come from Linux's statx; elsewhere every file is hashed");
        using var content = new TempDirectory();
        using var elsewhere = new TempDirectory();
        using var cacheDir = new TempDirectory();
        ContentCache Cache() => new(cacheDir.Path) { Settled = TimeSpan.Zero };
        var target = elsewhere.Write("b.yml", Detection("B", "b1", "search index=first"));
        Directory.CreateDirectory(Path.Combine(content.Path, "detections"));
        File.CreateSymbolicLink(Path.Combine(content.Path, "detections", "b.yml"), target);
        Load(content.Path, Cache());

        // The link itself does not change when its target does.
        var modified = File.GetLastWriteTimeUtc(target);
        Thread.Sleep(50);
        File.WriteAllText(target, Detection("B", "b1", "search index=secnd"));
        File.SetLastWriteTimeUtc(target, modified);
        Assert.Equal("search index=secnd", Load(content.Path, Cache()).Find("b1")!.Search);

        File.Delete(target);
        var library = Load(content.Path, Cache());
        Assert.Null(library.Find("b1"));
        Assert.Contains(library.Problems, p => p.Reason.StartsWith("cannot read", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_changed_shortly_before_it_was_read_is_hashed_until_it_settles()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();

        // A day stands for "shortly": the file is recent for every run here, however slow the machine.
        ContentCache Cache() => new(cacheDir.Path) { Settled = TimeSpan.FromDays(1) };
        content.Write("detections/b.yml", Detection("B", "b1", "search index=first"));
        Load(content.Path, Cache());
        var cache = Cache();
        Load(content.Path, cache);
        Assert.Equal(((1, 0), 1), (cache.LastLoad, cache.LastHashed));
    }

    [Fact]
    public void A_file_s_problem_is_reported_again_when_it_comes_from_the_cache()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        content.Write("detections/good.yml", Detection("Good", "g1", "search index=g"));
        content.Write("detections/bad.yml", "name: [unclosed\n");
        content.Write("macros/eval.yml", "name: e\ndefinition: 1+1\niseval: 1\n");

        var missed = Load(content.Path, new ContentCache(cacheDir.Path));
        var cache = new ContentCache(cacheDir.Path);
        var hit = Load(content.Path, cache);
        Assert.Equal((3, 0), cache.LastLoad);
        Assert.Equal(2, hit.Problems.Count);
        Assert.Equal(missed.Problems, hit.Problems);
        Assert.Contains(hit.Problems, p => p.Reason.StartsWith("invalid YAML", StringComparison.Ordinal) && p.Line == 2);
        Assert.Contains(hit.Problems, p => p.Reason.Contains("iseval", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_cache_file_is_ignored_and_replaced()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        content.Write("detections/a.yml", Detection("A", "a1", "search index=a"));
        var cache = new ContentCache(cacheDir.Path);
        Load(content.Path, cache);
        var path = cache.PathFor(content.Path);
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        cache = new ContentCache(cacheDir.Path);
        var library = Load(content.Path, cache);
        Assert.Equal((0, 1), cache.LastLoad);
        Assert.Equal("search index=a", library.Find("a1")!.Search);
        Assert.Empty(cache.Warnings);

        cache = new ContentCache(cacheDir.Path);
        Load(content.Path, cache);
        Assert.Equal((1, 0), cache.LastLoad);
    }

    [Fact]
    public void Temporary_files_a_stopped_run_left_are_removed_once_old_and_a_running_one_s_are_kept()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        content.Write("detections/a.yml", Detection("A", "a1", "search index=a"));
        var cache = new ContentCache(cacheDir.Path);
        var path = cache.PathFor(content.Path);
        Directory.CreateDirectory(cacheDir.Path);
        var abandoned = path + ".123.abandoned.tmp";
        var running = path + ".456.running.tmp";
        File.WriteAllText(abandoned, "partial");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));
        File.WriteAllText(running, "partial");

        Load(content.Path, cache);
        Assert.False(File.Exists(abandoned), "an abandoned temporary file was kept");
        Assert.True(File.Exists(running), "a temporary file another run may be writing was removed");
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_is_a_warning_and_the_content_still_loads()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        content.Write("detections/a.yml", Detection("A", "a1", "search index=a"));
        var blocker = Path.Combine(cacheDir.Path, "file");
        File.WriteAllText(blocker, "not a folder");

        var cache = new ContentCache(Path.Combine(blocker, "cache"));
        var library = Load(content.Path, cache);
        Assert.NotNull(library.Find("a1"));
        Assert.Empty(library.Problems);
        Assert.Contains(cache.Warnings, w => w.StartsWith("cannot write the content cache", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cache_file_of_another_build_or_directory_is_not_used()
    {
        using var content = new TempDirectory();
        using var cacheDir = new TempDirectory();
        content.Write("detections/a.yml", Detection("A", "a1", "search index=a"));
        var cache = new ContentCache(cacheDir.Path);
        Load(content.Path, cache);
        var bytes = File.ReadAllBytes(cache.PathFor(content.Path));
        Assert.NotNull(ContentCache.Unpack(bytes, BuildOf(bytes)));
        Assert.Null(ContentCache.Unpack(bytes, "another build"));

        // The directory however it is written: one cache file.
        Assert.Equal(cache.PathFor(content.Path), cache.PathFor(content.Path + Path.DirectorySeparatorChar));
        Assert.Equal(cache.PathFor(content.Path), cache.PathFor(Path.Combine(content.Path, "detections", "..")));

        // The same cache file found under another directory's name: its files are not that directory's.
        using var other = new TempDirectory();
        other.Write("detections/a.yml", Detection("A", "a1", "search index=a"));
        File.Copy(cache.PathFor(content.Path), cache.PathFor(other.Path));
        var otherCache = new ContentCache(cacheDir.Path);
        Load(other.Path, otherCache);
        Assert.Equal((0, 1), otherCache.LastLoad);
    }

    [Fact]
    public void Damaged_payloads_with_a_valid_hash_are_refused_without_throwing()
    {
        var escu = TestPaths.RequireShared("escu", "detections", "endpoint");
        var files = Directory.GetFiles(escu, "*.yml").Order(StringComparer.Ordinal).Take(20)
            .Select(f => new CachedFile(Path.GetFileName(f), 1, new FileStamp(1, 2, 100, 42, 43), ContentFile.Read(File.ReadAllText(f)))).ToList();
        var payload = ContentCacheFormat.Write(new CacheSnapshot("build", "/dir", files));
        Assert.Equal(20, ContentCache.Unpack(ContentCache.Frame(payload), "build")!.Files.Count);

        // Bytes framed with a hash that matches them (another program's, or damage before the hash was taken): reading
        // them gives a snapshot or nothing, never an exception.
        Gen.Select(Gen.Int[0, payload.Length - 1], Gen.Byte, Gen.Int[0, 3]).Sample((at, value, cut) =>
        {
            var damaged = payload[..(payload.Length - cut)];
            damaged[Math.Min(at, damaged.Length - 1)] = value;
            _ = ContentCache.Unpack(ContentCache.Frame(damaged), "build");
        }, iter: 2000);
    }

    private static string BuildOf(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes[24..]));
        reader.ReadInt32();
        return reader.ReadString();
    }

    private static ContentLibrary Load(string directory, ContentCache? cache)
    {
        var library = new ContentLibrary(new SplDefinitions()) { Cache = cache };
        library.AddDirectory(directory);
        return library;
    }

    private static string Detection(string name, string id, string search) =>
        $"name: {name}\nid: {id}\nsearch: '{search}'\ntags:\n  analytic_story: [S]\n  confidence: 50\n  impact: 50\n  observable:\n  - name: dest\n    type: Hostname\n    role: [Victim]\n";

    private static string Describe(ContentLibrary library) => JsonSerializer.Serialize(new
    {
        library.Detections,
        Stories = library.Stories.OrderBy(s => s.Key, StringComparer.Ordinal).ToList(),
        Macros = library.Definitions.Macros.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Value).ToList(),
        Lookups = library.Definitions.Lookups.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => new { l.Value.Name, l.Value.Origin, l.Value.MatchTypes, l.Value.CaseSensitive, l.Value.MaxMatches, l.Value.MinMatches, l.Value.DefaultMatch }).ToList(),
        EventTypes = library.Definitions.EventTypes.Keys.Order(StringComparer.Ordinal).ToList(),
        DataSources = library.DataSourceNames.Order(StringComparer.Ordinal).ToList(),
        LookupNames = library.LookupNames.Order(StringComparer.Ordinal).ToList(),
        Unavailable = library.UnavailableLookups.OrderBy(u => u.Key, StringComparer.Ordinal).ToList(),
        KvStore = library.KvStoreLookups.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Value).ToList(),
        Replaced = library.ReplacedDetections.Select(r => (r.Replaced.Origin, r.By.Origin)).ToList(),
        library.Problems,
        library.IgnoredFiles,
    }, Indented);
}
