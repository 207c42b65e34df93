using Vigil.Content;
using Vigil.Content.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.Sources;

/// <summary>
/// The YAML a loaded object came from, parsed again with its marks kept: the content model holds what Vigil runs,
/// while validation needs each key's line and building needs keys Vigil does not run with (deployment, tags.product ...).
/// Each file is parsed once.
/// </summary>
public sealed class ContentSources
{
    private const string ShippedPrefix = "shipped:";

    private readonly Dictionary<string, IReadOnlyList<YamlMappingNode>> _files = new(StringComparer.Ordinal);

    /// <summary>The mapping in <paramref name="origin"/> whose <c>name</c> is <paramref name="name"/>; null when the file cannot be read again.</summary>
    public YamlMappingNode? Find(string origin, string name) =>
        Mappings(origin).FirstOrDefault(m => m.Text("name") == name);

    /// <summary>What a user reads as the file: the path, or the repository path of shipped content.</summary>
    public static string DisplayPath(string origin) =>
        origin.StartsWith(ShippedPrefix, StringComparison.Ordinal) ? "content/" + origin[ShippedPrefix.Length..] : origin;

    private IReadOnlyList<YamlMappingNode> Mappings(string origin)
    {
        if (!_files.TryGetValue(origin, out var mappings))
        {
            mappings = Parse(Read(origin));
            _files[origin] = mappings;
        }

        return mappings;
    }

    private static string? Read(string origin)
    {
        if (origin.StartsWith(ShippedPrefix, StringComparison.Ordinal))
        {
            using var stream = typeof(ContentLibrary).Assembly.GetManifestResourceStream("content/" + origin[ShippedPrefix.Length..]);
            return stream is null ? null : new StreamReader(stream).ReadToEnd();
        }

        try
        {
            return File.ReadAllText(origin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<YamlMappingNode> Parse(string? text)
    {
        if (text is null)
        {
            return [];
        }

        YamlStream yaml;
        try
        {
            yaml = YamlText.Load(text);
        }
        catch (YamlException)
        {
            // The loader already reported the file; a file it could not read holds nothing it loaded.
            return [];
        }

        return yaml.Documents.SelectMany(d => d.RootNode switch
        {
            YamlMappingNode map => [map],
            YamlSequenceNode list => list.Children.OfType<YamlMappingNode>(),
            _ => [],
        }).ToList();
    }
}
