using System.Text;
using Vigil.Content.Loading;
using Vigil.Content.Model;
using Vigil.Knowledge.Conf;
using Vigil.Spl.Definitions;
using Vigil.Spl.Lookups;

namespace Vigil.Content;

/// <summary>
/// The detections, macros, event types and stories Vigil runs with: first the content shipped inside Vigil, then each
/// directory or macro file the user adds. A later definition of the same macro, event type or detection id replaces
/// the earlier one, which is how a user tunes a shipped filter macro.
/// </summary>
public sealed class ContentLibrary
{
    private const string ShippedPrefix = "content/";

    private readonly Dictionary<string, Detection> _detections = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _detectionOrder = [];
    private readonly Dictionary<string, Story> _stories = new(StringComparer.Ordinal);
    private readonly List<ContentProblem> _problems = [];

    public ContentLibrary(SplDefinitions definitions) => Definitions = definitions;

    /// <summary>What searches refer to: the knowledge's event types, tags and data models, then this content's macros and lookups.</summary>
    public SplDefinitions Definitions { get; }

    /// <summary>Detections in the order first loaded.</summary>
    public IReadOnlyList<Detection> Detections => _detectionOrder.Select(id => _detections[id]).ToList();

    /// <summary>Ids of the detections shipped with Vigil.</summary>
    public IReadOnlySet<string> ShippedDetectionIds => _shipped;

    public IReadOnlyDictionary<string, Story> Stories => _stories;

    public IReadOnlyList<ContentProblem> Problems => _problems;

    /// <summary>Names of the data sources the content defines (ESCU data_sources/*.yml), which detections' data_source names.</summary>
    public IReadOnlySet<string> DataSourceNames => _dataSourceNames;

    /// <summary>Names of the lookups the content (not the knowledge) defines, whether Vigil can read them or not.</summary>
    public IReadOnlySet<string> LookupNames => _lookupNames;

    /// <summary>Detections a later one with the same id replaced, each with the one that replaced it.</summary>
    public IReadOnlyList<(Detection Replaced, Detection By)> ReplacedDetections => _replaced;

    /// <summary>YAML files read that were none of detection, macro, story or data source (lookups ...).</summary>
    public int IgnoredFiles { get; private set; }

    private readonly HashSet<string> _shipped = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _dataSourceNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lookupNames = new(StringComparer.Ordinal);
    private readonly List<(Detection, Detection)> _replaced = [];

    /// <summary>A library holding the shipped content only, over the given definitions (with knowledge installed).</summary>
    public static ContentLibrary LoadShipped(SplDefinitions definitions)
    {
        var library = new ContentLibrary(definitions);
        var assembly = typeof(ContentLibrary).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ShippedPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            library.AddText(reader.ReadToEnd(), resource, "shipped:" + resource[ShippedPrefix.Length..], shipped: true, directory: null);
        }

        return library;
    }

    /// <summary>
    /// Adds every detection, macro, story and lookup definition (*.yml, lookup tables beside them) and eventtypes.conf /
    /// macros.conf below a directory.
    /// </summary>
    public void AddDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            _problems.Add(new ContentProblem(directory, null, "no such directory"));
            return;
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) is var name
                && (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                    || name is "eventtypes.conf" or "macros.conf"))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Reading the files and parsing their YAML is most of the loading, and each file stands alone: done on every
        // core (Parallel.For, not PLINQ, whose generic code is compiled at run time), skipped for a file the cache
        // read before with the same stamp or bytes, then added one by one in file order, so what a later file replaces
        // does not depend on the threads. The cache file is read meanwhile: it is one file, read on one core.
        // Files are opened by absolute path, and named relative to the directory by cutting its prefix: a relative
        // path costs a getcwd call each time it is resolved, three times a file (about 7,500 calls for ESCU).
        var root = Path.GetFullPath(directory);
        var prefix = Path.TrimEndingDirectorySeparator(directory) + Path.DirectorySeparatorChar;
        var relatives = files.Select(file => file.StartsWith(prefix, StringComparison.Ordinal) ? file[prefix.Length..] : Path.GetRelativePath(directory, file)).ToArray();
        var absolutes = relatives.Select(relative => Path.Join(root, relative)).ToArray();
        var cache = Cache;
        var lookedAt = DateTime.UtcNow;
        var cacheLoad = cache is null ? null : Task.Run(() => cache.Load(directory));
        var bytes = new byte[]?[files.Count];
        var stamps = new FileStamp[files.Count];
        var failures = new string?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            if (IsConf(files[i]))
            {
                // Parsed as it is added.
                bytes[i] = ReadBytes(absolutes[i], out failures[i]);
            }
            else if (cache is not null)
            {
                // Only looked at: most YAML files are taken from the cache.
                stamps[i] = FileStamp.Of(absolutes[i]);
            }
        });

        var cached = cacheLoad?.GetAwaiter().GetResult() ?? [];
        var settled = cache?.Settled ?? FileStamp.Settled;
        var yaml = new CachedFile?[files.Count];
        var reused = 0;
        var hashed = 0;
        UInt128? Hash(int i)
        {
            Interlocked.Increment(ref hashed);
            return HashFile(absolutes[i], out failures[i]);
        }

        Parallel.For(0, files.Count, i =>
        {
            if (IsConf(files[i]))
            {
                return;
            }

            var relative = relatives[i];
            var stamp = stamps[i].SettledBy(lookedAt, settled);
            if (cached.TryGetValue(relative, out var hit) && hit.Stamp.Vouches(stamps[i]))
            {
                yaml[i] = hit;
                Interlocked.Increment(ref reused);
            }
            else if (hit is not null && Hash(i) is { } hash && hit.Hash == hash)
            {
                // The same bytes (hashed in a buffer the thread keeps), under a stamp to record if it can vouch.
                yaml[i] = hit.Stamp == stamp ? hit : hit with { Stamp = stamp };
                Interlocked.Increment(ref reused);
            }
            else if (failures[i] is null && ReadBytes(absolutes[i], out failures[i]) is { } content)
            {
                // Hashed again: the bytes parsed are the bytes the cache records.
                yaml[i] = new CachedFile(relative, ContentCache.Hash(content), stamp, ContentFile.Read(Decode(content)));
            }
        });

        for (var i = 0; i < files.Count; i++)
        {
            if (yaml[i] is { } file)
            {
                Add(file.File, files[i], shipped: false, Path.GetDirectoryName(files[i]));
            }
            else if (bytes[i] is { } conf)
            {
                AddConf(Decode(conf), Path.GetFileName(files[i]), files[i]);
            }
            else
            {
                _problems.Add(new ContentProblem(files[i], null, "cannot read: " + failures[i]));
            }
        }

        if (cache is not null)
        {
            var read = yaml.OfType<CachedFile>().ToList();
            cache.LastLoad = (reused, read.Count - reused);
            cache.LastHashed = hashed;
            // Rewritten when anything differs from what it holds: a file added, removed, read again or restamped.
            if (read.Count != cached.Count || read.Any(file => !ReferenceEquals(cached.GetValueOrDefault(file.Path), file)))
            {
                cache.Save(directory, read);
            }
        }
    }

    /// <summary>Where directories' read files are kept between runs; none unless set (the CLI sets it).</summary>
    public ContentCache? Cache { get; set; }

    private static bool IsConf(string path) => path.EndsWith(".conf", StringComparison.Ordinal);

    /// <summary>Bytes to text as <see cref="File.ReadAllText(string)"/> decodes them: UTF-8 unless a byte order mark says otherwise.</summary>
    private static string Decode(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    [ThreadStatic]
    private static byte[]? t_hashBuffer;

    /// <summary>The hash of a file's bytes (as <see cref="ContentCache.Hash"/> gives it), read into a buffer the thread keeps.</summary>
    private static UInt128? HashFile(string path, out string? failure)
    {
        failure = null;
        try
        {
            using var handle = File.OpenHandle(path);
            var length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                throw new IOException($"the file is larger than {Array.MaxLength} bytes");
            }

            // A file larger than the kept buffer's cap gets a buffer of its own, not kept past this file.
            const int KeptCap = 1024 * 1024;
            var buffer = t_hashBuffer is { } kept && kept.Length >= length ? kept
                : length > KeptCap ? new byte[length]
                : t_hashBuffer = new byte[Math.Max(64 * 1024, (int)length)];
            var read = 0;
            int last;
            while (read < buffer.Length && (last = RandomAccess.Read(handle, buffer.AsSpan(read), read)) > 0)
            {
                read += last;
            }

            return ContentCache.Hash(buffer.AsSpan(0, read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
            return null;
        }
    }

    private static byte[]? ReadBytes(string path, out string? failure)
    {
        failure = null;
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
            return null;
        }
    }

    /// <summary>Adds a macro file: ESCU macro YAML (one macro, or a list of them) or a Splunk macros.conf.</summary>
    public void AddMacroFile(string path)
    {
        if (!File.Exists(path))
        {
            _problems.Add(new ContentProblem(path, null, "no such file"));
            return;
        }

        AddFile(path, null);
    }

    private void AddFile(string path, string? directory)
    {
        if (ReadBytes(path, out var failure) is not { } bytes)
        {
            _problems.Add(new ContentProblem(path, null, "cannot read: " + failure));
            return;
        }

        AddText(Decode(bytes), Path.GetFileName(path), path, shipped: false, directory);
    }

    private void AddText(string text, string fileName, string origin, bool shipped, string? directory)
    {
        if (IsConf(fileName))
        {
            AddConf(text, fileName, origin);
        }
        else if (!fileName.EndsWith(".csv", StringComparison.Ordinal))
        {
            // Lookup tables (.csv) are read through their YAML definitions.
            Add(ContentFile.Read(text), origin, shipped, directory);
        }
    }

    private void Add(ContentFile file, string origin, bool shipped, string? directory)
    {
        foreach (var entry in file.Entries)
        {
            switch (entry)
            {
                case DetectionEntry { Detection: var read }:
                    AddDetection(read with { Origin = origin }, shipped);
                    break;
                case MacroEntry macro:
                    Definitions.Add(new MacroDefinition(macro.Name, macro.Arguments, macro.Definition, origin));
                    break;
                case LookupEntry lookup:
                    AddLookup(lookup, origin, directory);
                    break;
                case DataSourceEntry { Name: var name }:
                    _dataSourceNames.Add(name);
                    break;
                case StoryEntry { Story: var story }:
                    _stories[story.Name] = story with { Origin = origin };
                    break;
                default:
                    IgnoredFiles++;
                    break;
            }
        }

        if (file.Failure is { } failure)
        {
            _problems.Add(new ContentProblem(origin, failure.Line, failure.Reason));
        }
    }

    private void AddConf(string text, string fileName, string origin)
    {
        var problems = new List<KnowledgeProblem>();
        var stanzas = ConfFile.Parse(new StringReader(text), origin, problems);
        if (fileName.EndsWith("eventtypes.conf", StringComparison.Ordinal))
        {
            foreach (var (eventType, tags, disabled) in EventTypesConf.Read(stanzas, problems))
            {
                if (disabled)
                {
                    Definitions.RemoveEventType(eventType.Name);
                    continue;
                }

                Definitions.Add(eventType);
                foreach (var tag in tags)
                {
                    Definitions.Tags.Set("eventtype", eventType.Name, tag, enabled: true);
                }
            }
        }
        else if (fileName.EndsWith("macros.conf", StringComparison.Ordinal))
        {
            foreach (var macro in MacrosConf.Read(stanzas, problems))
            {
                Definitions.Add(macro);
            }
        }

        foreach (var problem in problems)
        {
            _problems.Add(new ContentProblem(problem.Origin, problem.Line, problem.Message));
        }
    }

    private void AddDetection(Detection detection, bool shipped)
    {
        if (_detections.TryGetValue(detection.Id, out var earlier))
        {
            _replaced.Add((earlier, detection));
        }
        else
        {
            _detectionOrder.Add(detection.Id);
        }

        _detections[detection.Id] = detection;
        if (shipped)
        {
            _shipped.Add(detection.Id);
        }
    }

    /// <summary>
    /// An ESCU lookup definition: a CSV table beside it (filename), or a KV store collection, which Vigil cannot read and
    /// records as unavailable so that searches naming it say why.
    /// </summary>
    private void AddLookup(LookupEntry lookup, string origin, string? directory)
    {
        var name = lookup.Name;
        _lookupNames.Add(name);
        var fileName = lookup.FileName;
        if (fileName is null && lookup.Collection is { } collection)
        {
            KvStoreLookups[name] = new KvStoreLookup(name, collection, lookup.FieldsList, origin);
        }

        if (fileName is null || !fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || directory is null)
        {
            UnavailableLookups[name] = fileName is null ? "a KV store collection" : directory is null ? "not shipped" : $"a {Path.GetExtension(fileName)} file, not a CSV table";
            return;
        }

        var table = Path.Combine(directory, Path.GetFileName(fileName));
        if (!File.Exists(table))
        {
            _problems.Add(new ContentProblem(origin, null, $"lookup '{name}' names {fileName}, which is not beside it"));
            UnavailableLookups[name] = "its table file is missing";
            return;
        }

        var matchTypes = new Dictionary<string, LookupMatchType>(StringComparer.Ordinal);
        foreach (var item in (lookup.MatchType ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var open = item.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && item.EndsWith(')'))
            {
                var type = item[..open].Trim().ToUpperInvariant();
                if (type is "WILDCARD" or "CIDR")
                {
                    matchTypes[item[(open + 1)..^1].Trim()] = type == "CIDR" ? LookupMatchType.Cidr : LookupMatchType.Wildcard;
                }
            }
        }

        Definitions.Add(new LookupDefinition(name, table, () => new StreamReader(table))
        {
            MatchTypes = matchTypes,
            CaseSensitive = lookup.CaseSensitiveMatch is not { } caseSensitive || !ConfBoolean.TryParse(caseSensitive, out var sensitive) || sensitive,
            MaxMatches = int.TryParse(lookup.MaxMatches, out var max) ? max : 100,
            MinMatches = int.TryParse(lookup.MinMatches, out var min) ? min : 0,
            DefaultMatch = lookup.DefaultMatch,
        });
        UnavailableLookups.Remove(name);
    }

    /// <summary>Lookups the content names that Vigil cannot read (KV store collections, models), with why.</summary>
    public Dictionary<string, string> UnavailableLookups { get; } = new(StringComparer.Ordinal);

    /// <summary>The content's KV store lookups (Vigil cannot read them, but a Splunk app built from the content declares them).</summary>
    public Dictionary<string, KvStoreLookup> KvStoreLookups { get; } = new(StringComparer.Ordinal);

    /// <summary>A detection by id, or by name (case-insensitive).</summary>
    public Detection? Find(string nameOrId)
    {
        if (_detections.TryGetValue(nameOrId, out var byId))
        {
            return byId;
        }

        return _detections.Values.FirstOrDefault(d => string.Equals(d.Name, nameOrId, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>An ESCU lookup backed by a KV store collection: its name, the collection and the fields it lists.</summary>
public sealed record KvStoreLookup(string Name, string Collection, string? FieldsList, string Origin);
