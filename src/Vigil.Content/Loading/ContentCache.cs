using System.IO.Hashing;
using System.Text;

namespace Vigil.Content.Loading;

/// <summary>
/// Content files already read, kept on disk between runs: one cache file per content directory, holding each file's
/// relative path, the hash of its bytes (XxHash128), its stamp (<see cref="FileStamp"/>: inode, size, modification and
/// change times) and what reading it gave. A file whose stamp is the one recorded is not read at all; else one whose
/// bytes hash the same is not parsed again; any other is, and the cache file is rewritten. The cache is only ever a
/// shortcut: a cache file that is missing, damaged or written by another build of Vigil is ignored (and replaced), and
/// one that cannot be written costs the next run its time, nothing else.
/// </summary>
public sealed class ContentCache
{
    /// <summary>The environment variable naming the cache folder, or <c>off</c> to use none.</summary>
    public const string EnvironmentVariable = "VIGIL_CACHE_DIR";

    private static readonly byte[] Magic = "VIGILCC1"u8.ToArray();
    private static readonly Lazy<string> Build = new(BuildIdentity);

    public ContentCache(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>What made the cache unusable this run (it was then read or written without it), for the user to see.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>How many content files the last directory took from the cache, and how many it read.</summary>
    public (int Reused, int Read) LastLoad { get; internal set; }

    /// <summary>How many content files the last directory opened to hash: those whose stamp did not vouch for them.</summary>
    internal int LastHashed { get; set; }

    /// <summary>How long before it is looked at a file must have last changed for its stamp to be recorded (<see cref="FileStamp"/>).</summary>
    internal TimeSpan Settled { get; init; } = FileStamp.Settled;

    /// <summary>
    /// The folder a run uses: $VIGIL_CACHE_DIR (none when it is <c>off</c>), else $XDG_CACHE_HOME/vigil, else
    /// ~/.cache/vigil (%LOCALAPPDATA%\Vigil\cache on Windows); null when there is none.
    /// </summary>
    public static string? DefaultFolder()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named)
        {
            return named.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : named;
        }

        if (OperatingSystem.IsWindows())
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return local.Length > 0 ? Path.Combine(local, "Vigil", "cache") : null;
        }

        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "vigil");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 0 ? Path.Combine(home, ".cache", "vigil") : null;
    }

    /// <summary>The cached files of a content directory by relative path; empty when there is no usable cache file.</summary>
    internal Dictionary<string, CachedFile> Load(string directory)
    {
        var found = new Dictionary<string, CachedFile>(StringComparer.Ordinal);
        if (CacheFile.Read(PathFor(directory), "the content cache", Warnings) is not { } bytes
            || Unpack(bytes, Build.Value) is not { } snapshot || snapshot.Directory != FullPath(directory))
        {
            return found;
        }

        foreach (var file in snapshot.Files)
        {
            found[file.Path] = file;
        }

        return found;
    }

    /// <summary>Replaces the directory's cache file with these files (written aside, then moved over it).</summary>
    internal void Save(string directory, IReadOnlyList<CachedFile> files) =>
        CacheFile.Write(PathFor(directory), Pack(new CacheSnapshot(Build.Value, FullPath(directory), files)), "the content cache", Warnings);

    internal static UInt128 Hash(ReadOnlySpan<byte> bytes) => XxHash128.HashToUInt128(bytes);

    internal string PathFor(string directory)
    {
        var key = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(FullPath(directory)));
        return Path.Combine(Folder, $"content-{key:x16}.bin");
    }

    /// <summary>The directory as one string however it was written (relative, with a trailing separator or not).</summary>
    private static string FullPath(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    /// <summary>Magic, then the payload's hash, then the payload: damage anywhere is found before anything is deserialized.</summary>
    internal static byte[] Pack(CacheSnapshot snapshot) => Frame(ContentCacheFormat.Write(snapshot));

    internal static byte[] Frame(ReadOnlySpan<byte> payload) => CacheFile.Frame(Magic, payload);

    internal static CacheSnapshot? Unpack(byte[] bytes, string build)
    {
        if (CacheFile.Payload(bytes, Magic) is not { } payload)
        {
            return null;
        }

        try
        {
            return ContentCacheFormat.Read(payload, build);
        }
        catch (Exception e) when (IsForeignPayload(e))
        {
            // Intact bytes that are not a payload this code wrote (the hash guards against damage, not against this).
            return null;
        }
    }

    // What reading bytes this code did not write throws; records decoded on several cores throw it gathered up.
    private static bool IsForeignPayload(Exception e) =>
        e is IOException or InvalidDataException or FormatException or OverflowException
        || (e is AggregateException aggregate && aggregate.InnerExceptions.All(IsForeignPayload));

    /// <summary>
    /// Which build of the reading code wrote a cache file: the layout's version, Vigil.Content's code and the runtime
    /// (<see cref="CacheFile.CodeIdentity"/>) and YamlDotNet's file version (its assembly version stays the same across
    /// a major version's releases).
    /// </summary>
    private static string BuildIdentity()
    {
        var module = CacheFile.CodeIdentity(typeof(ContentFile));
        var yaml = typeof(YamlDotNet.Core.Parser).Assembly;
        var yamlVersion = yaml.GetCustomAttributes(typeof(System.Reflection.AssemblyFileVersionAttribute), false)
            .OfType<System.Reflection.AssemblyFileVersionAttribute>().FirstOrDefault()?.Version ?? yaml.GetName().Version?.ToString();
        return $"{ContentCacheFormat.Version}|{module}|yaml {yamlVersion}";
    }
}

/// <summary>A content directory's cache file: the build that wrote it, the directory, and its files.</summary>
internal sealed record CacheSnapshot(string Build, string Directory, IReadOnlyList<CachedFile> Files);

/// <summary>A content file by path relative to its directory, the hash of its bytes, its stamp, and what reading it gave.</summary>
internal sealed record CachedFile(string Path, UInt128 Hash, FileStamp Stamp, ContentFile File);
