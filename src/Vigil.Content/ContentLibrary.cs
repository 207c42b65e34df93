using System.Reflection;
using Vigil.Content.Loading;
using Vigil.Content.Model;
using Vigil.Spl.Macros;
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

    public SplDefinitions Definitions { get; } = new();

    /// <summary>Detections in the order first loaded.</summary>
    public IReadOnlyList<Detection> Detections => _detectionOrder.Select(id => _detections[id]).ToList();

    /// <summary>Ids of the detections shipped with Vigil.</summary>
    public IReadOnlySet<string> ShippedDetectionIds => _shipped;

    public IReadOnlyDictionary<string, Story> Stories => _stories;

    public IReadOnlyList<ContentProblem> Problems => _problems;

    /// <summary>YAML files read that were none of detection, macro or story (data sources, lookups ...).</summary>
    public int IgnoredFiles { get; private set; }

    private readonly HashSet<string> _shipped = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A library holding the shipped content only.</summary>
    public static ContentLibrary LoadShipped()
    {
        var library = new ContentLibrary();
        var assembly = typeof(ContentLibrary).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ShippedPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            library.AddText(reader.ReadToEnd(), resource, "shipped:" + resource[ShippedPrefix.Length..], shipped: true);
        }

        return library;
    }

    /// <summary>Adds every detection, macro, story (*.yml) and eventtypes.conf / macros.conf below a directory.</summary>
    public void AddDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            _problems.Add(new ContentProblem(directory, null, "no such directory"));
            return;
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                || name is "eventtypes.conf" or "macros.conf")
            {
                AddFile(file);
            }
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

        AddFile(path);
    }

    private void AddFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add(new ContentProblem(path, null, "cannot read: " + e.Message));
            return;
        }

        AddText(text, Path.GetFileName(path), path, shipped: false);
    }

    private void AddText(string text, string fileName, string origin, bool shipped)
    {
        try
        {
            if (fileName.EndsWith("eventtypes.conf", StringComparison.Ordinal))
            {
                foreach (var eventType in EventTypesConf.Parse(new StringReader(text), origin))
                {
                    Definitions.Add(eventType);
                }

                return;
            }

            if (fileName.EndsWith("macros.conf", StringComparison.Ordinal))
            {
                foreach (var macro in MacrosConf.Parse(new StringReader(text), origin))
                {
                    Definitions.Add(macro);
                }

                return;
            }

            var yaml = new YamlStream();
            yaml.Load(new StringReader(text));
            foreach (var document in yaml.Documents)
            {
                switch (document.RootNode)
                {
                    case YamlMappingNode map:
                        AddYaml(map, origin, shipped);
                        break;
                    case YamlSequenceNode list:
                        foreach (var item in list.Children.OfType<YamlMappingNode>())
                        {
                            AddYaml(item, origin, shipped);
                        }

                        break;
                }
            }
        }
        catch (YamlException e)
        {
            _problems.Add(new ContentProblem(origin, e.Start.Line, "invalid YAML: " + (e.InnerException?.Message ?? e.Message)));
        }
        catch (InvalidDataException e)
        {
            _problems.Add(new ContentProblem(origin, null, e.Message));
        }
    }

    private void AddYaml(YamlMappingNode map, string origin, bool shipped)
    {
        if (map.Text("search") is not null && map.Text("id") is not null && map.Text("name") is not null)
        {
            var detection = DetectionReader.Read(map, origin);
            if (!_detections.ContainsKey(detection.Id))
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
        else if (map.Text("narrative") is not null && map.Text("name") is { } storyName)
        {
            _stories[storyName] = new Story(storyName, map.Text("id") ?? string.Empty, map.Text("description"), map.Text("narrative"), origin);
        }
        else
        {
            IgnoredFiles++;
        }
    }

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
