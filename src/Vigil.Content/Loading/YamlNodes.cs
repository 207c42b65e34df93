using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Vigil.Content.Loading;

/// <summary>
/// Small typed reads over a YAML mapping, tolerant of the variations found in ESCU files, and the line each key stands
/// on (1-based, from the parser's marks). Shared by the content loader and the authoring checks.
/// </summary>
public static class YamlNodes
{
    public static YamlNode? Get(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static string? Text(this YamlMappingNode map, string key) =>
        map.Get(key) is YamlScalarNode { Value: { } value } scalar && !IsNull(scalar) ? value : null;

    public static int? Number(this YamlMappingNode map, string key) =>
        int.TryParse(map.Text(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static YamlMappingNode? Map(this YamlMappingNode map, string key) => map.Get(key) as YamlMappingNode;

    public static IReadOnlyList<YamlMappingNode> Maps(this YamlMappingNode map, string key) =>
        map.Get(key) is YamlSequenceNode sequence ? sequence.Children.OfType<YamlMappingNode>().ToList() : [];

    /// <summary>A list of strings; a single scalar counts as a list of one.</summary>
    public static IReadOnlyList<string> Strings(this YamlMappingNode map, string key) => map.Get(key) switch
    {
        YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().Where(s => !IsNull(s)).Select(s => s.Value!).ToList(),
        YamlScalarNode scalar when !IsNull(scalar) => [scalar.Value!],
        _ => [],
    };

    /// <summary>The line of the key itself, so that a reader's editor lands on it; the mapping's own line when the key is absent.</summary>
    public static int LineOf(this YamlMappingNode map, string key)
    {
        foreach (var (name, _) in map.Children)
        {
            if (name is YamlScalarNode { Value: { } text } && text == key)
            {
                return (int)name.Start.Line;
            }
        }

        return (int)map.Start.Line;
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Value is null || (scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or "Null" or "NULL");
}
