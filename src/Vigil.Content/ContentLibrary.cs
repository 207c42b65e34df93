using System.Runtime.ExceptionServices;
using Vigil.Content.Loading;
using Vigil.Content.Model;
using Vigil.Knowledge.Conf;
using Vigil.Spl.Definitions;
using Vigil.Spl.Lookups;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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

        // Reading and parsing the YAML is most of the loading and each file stands alone: done on every core, then
        // added one by one in file order, so what a later file replaces does not depend on the threads. A slice at a
        // time: parsed trees are large, and holding every file's at once cost more in garbage collection than the
        // threads saved. (Parallel.For, not PLINQ: PLINQ's generic code is compiled at run time.)
        const int Slice = 64;
        var parsed = new ParsedText?[Slice];
        var failures = new string?[Slice];
        for (var start = 0; start < files.Count; start += Slice)
        {
            var count = Math.Min(Slice, files.Count - start);
            Parallel.For(0, count, i =>
            {
                parsed[i] = Read(files[start + i], out failures[i]) is { } text ? ParsedText.Parse(text, Path.GetFileName(files[start + i])) : null;
            });
            for (var i = 0; i < count; i++)
            {
                var file = files[start + i];
                if (parsed[i] is not { } text)
                {
                    _problems.Add(new ContentProblem(file, null, "cannot read: " + failures[i]));
                    continue;
                }

                Add(text, file, shipped: false, Path.GetDirectoryName(file));
                parsed[i] = null;
            }
        }
    }

    private static string? Read(string path, out string? failure)
    {
        failure = null;
        try
        {
            return File.ReadAllText(path);
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
        if (Read(path, out var failure) is not { } text)
        {
            _problems.Add(new ContentProblem(path, null, "cannot read: " + failure));
            return;
        }

        AddText(text, Path.GetFileName(path), path, shipped: false, directory);
    }

    private void AddText(string text, string fileName, string origin, bool shipped, string? directory) =>
        Add(ParsedText.Parse(text, fileName), origin, shipped, directory);

    private void Add(ParsedText parsed, string origin, bool shipped, string? directory)
    {
        try
        {
            if (parsed.FileName.EndsWith(".conf", StringComparison.Ordinal))
            {
                AddConf(parsed.Text, parsed.FileName, origin);
                return;
            }

            if (parsed.FileName.EndsWith(".csv", StringComparison.Ordinal))
            {
                // Lookup tables are read through their YAML definitions.
                return;
            }

            var yaml = parsed.Yaml();

            foreach (var document in yaml.Documents)
            {
                switch (document.RootNode)
                {
                    case YamlMappingNode map:
                        AddYaml(map, origin, shipped, directory);
                        break;
                    case YamlSequenceNode list:
                        foreach (var item in list.Children.OfType<YamlMappingNode>())
                        {
                            AddYaml(item, origin, shipped, directory);
                        }

                        break;
                }
            }
        }
        catch (YamlException e)
        {
            _problems.Add(new ContentProblem(origin, e.Start.Line > 0 ? e.Start.Line : null, "invalid YAML: " + (e.InnerException?.Message ?? e.Message)));
        }
        catch (InvalidDataException e)
        {
            _problems.Add(new ContentProblem(origin, null, e.Message));
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

    private void AddYaml(YamlMappingNode map, string origin, bool shipped, string? directory)
    {
        if (map.Text("search") is not null && map.Text("id") is not null && map.Text("name") is not null)
        {
            var detection = DetectionReader.Read(map, origin);
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
        else if (map.Text("definition") is { } definition && map.Text("name") is { } macroName)
        {
            if (map.Text("iseval") is "1" or "true")
            {
                throw new InvalidDataException($"macro '{macroName}' is an eval macro (iseval), which Vigil does not support");
            }

            Definitions.Add(new MacroDefinition(macroName, map.Strings("arguments"), definition, origin));
        }
        else if (map.Text("name") is { } lookupName && (map.Text("filename") is not null || map.Text("collection") is not null) && map.Text("search") is null)
        {
            AddLookup(map, lookupName, origin, directory);
        }
        else if (map.Text("sourcetype") is not null && map.Text("name") is { } dataSourceName)
        {
            _dataSourceNames.Add(dataSourceName);
        }
        else if (map.Text("narrative") is not null && map.Text("name") is { } storyName)
        {
            _stories[storyName] = new Story(storyName, map.Text("id") ?? string.Empty, map.Text("description"), map.Text("narrative"), origin);
        }
        else
        {
            IgnoredFiles++;
        }
    }

    /// <summary>
    /// An ESCU lookup definition: a CSV table beside it (filename), or a KV store collection, which Vigil cannot read and
    /// records as unavailable so that searches naming it say why.
    /// </summary>
    private void AddLookup(YamlMappingNode map, string name, string origin, string? directory)
    {
        _lookupNames.Add(name);
        var fileName = map.Text("filename");
        if (fileName is null && map.Text("collection") is { } collection)
        {
            KvStoreLookups[name] = new KvStoreLookup(name, collection, map.Text("fields_list"), origin);
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
        foreach (var item in (map.Text("match_type") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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
            CaseSensitive = map.Text("case_sensitive_match") is not { } caseSensitive || !ConfBoolean.TryParse(caseSensitive, out var sensitive) || sensitive,
            MaxMatches = int.TryParse(map.Text("max_matches"), out var max) ? max : 100,
            MinMatches = int.TryParse(map.Text("min_matches"), out var min) ? min : 0,
            DefaultMatch = map.Text("default_match"),
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

/// <summary>
/// A content file's text, its YAML parsed (if it is YAML) apart from adding it, so that parsing can run on any thread;
/// a parse failure is kept and thrown where the file is added, as if it were parsed there.
/// </summary>
internal sealed class ParsedText
{
    private readonly YamlStream? _yaml;
    private readonly ExceptionDispatchInfo? _failure;

    private ParsedText(string text, string fileName, YamlStream? yaml, ExceptionDispatchInfo? failure)
    {
        Text = text;
        FileName = fileName;
        _yaml = yaml;
        _failure = failure;
    }

    public string Text { get; }

    public string FileName { get; }

    public static ParsedText Parse(string text, string fileName)
    {
        if (fileName.EndsWith(".conf", StringComparison.Ordinal) || fileName.EndsWith(".csv", StringComparison.Ordinal))
        {
            return new ParsedText(text, fileName, null, null);
        }

        try
        {
            return new ParsedText(text, fileName, YamlText.Load(text), null);
        }
        catch (Exception e) when (e is YamlException or InvalidDataException)
        {
            return new ParsedText(text, fileName, null, ExceptionDispatchInfo.Capture(e));
        }
    }

    /// <summary>The parsed YAML; throws what parsing threw.</summary>
    public YamlStream Yaml()
    {
        _failure?.Throw();
        return _yaml!;
    }
}
