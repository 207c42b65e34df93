using Vigil.Content.Loading;
using Vigil.Authoring.Sources;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.Validation;

/// <summary>The YAML shape a key's value must have.</summary>
public enum KeyShape
{
    Text,
    WholeNumber,
    TextList,
    Map,
    MapList,
}

/// <summary>One key of a detection: its dotted path, shape and whether contentctl requires it.</summary>
public sealed record KeyRule(string Path, KeyShape Shape, bool Required);

/// <summary>
/// The keys contentctl's detection model requires and the types it gives them (v3 <c>tags</c> risk and v5
/// <c>rba</c> both accepted), checked as VAL001 (missing) and VAL002 (wrong type).
/// </summary>
public static class KeySchema
{
    public static IReadOnlyList<KeyRule> Detection { get; } =
    [
        new("name", KeyShape.Text, true),
        new("id", KeyShape.Text, true),
        new("version", KeyShape.WholeNumber, true),
        new("date", KeyShape.Text, true),
        new("author", KeyShape.Text, true),
        new("type", KeyShape.Text, true),
        new("status", KeyShape.Text, true),
        new("description", KeyShape.Text, true),
        new("data_source", KeyShape.TextList, false),
        new("search", KeyShape.Text, true),
        new("how_to_implement", KeyShape.Text, true),
        new("known_false_positives", KeyShape.Text, true),
        new("references", KeyShape.TextList, false),
        new("drilldown_searches", KeyShape.MapList, false),
        new("tags", KeyShape.Map, true),
        new("tags.analytic_story", KeyShape.TextList, true),
        new("tags.asset_type", KeyShape.Text, true),
        new("tags.product", KeyShape.TextList, true),
        new("tags.security_domain", KeyShape.Text, true),
        new("tags.mitre_attack_id", KeyShape.TextList, false),
        new("tags.confidence", KeyShape.WholeNumber, false),
        new("tags.impact", KeyShape.WholeNumber, false),
        new("tags.risk_score", KeyShape.WholeNumber, false),
        new("tags.message", KeyShape.Text, false),
        new("tags.observable", KeyShape.MapList, false),
        new("tags.required_fields", KeyShape.TextList, false),
        new("rba", KeyShape.Map, false),
        new("rba.message", KeyShape.Text, false),
        new("rba.risk_objects", KeyShape.MapList, false),
        new("rba.threat_objects", KeyShape.MapList, false),
        new("tests", KeyShape.MapList, false),
    ];

    public static IEnumerable<ValidationDiagnostic> Check(DetectionContext context)
    {
        if (context.Yaml is null)
        {
            yield break;
        }

        foreach (var rule in Detection)
        {
            var (parent, key) = Parent(context.Yaml, rule.Path);
            if (parent is null)
            {
                // The enclosing mapping is missing or malformed: reported once, for that key.
                continue;
            }

            var node = parent.Get(key);
            if (node is null || node is YamlScalarNode scalar && YamlNodes.IsNull(scalar))
            {
                if (rule.Required)
                {
                    yield return context.Error(ValidationCodes.MissingKey, rule.Path, $"required key '{rule.Path}' is missing", $"missing key '{rule.Path}'");
                }

                continue;
            }

            if (!Fits(node, rule.Shape))
            {
                yield return context.Error(ValidationCodes.WrongType, rule.Path, $"'{rule.Path}' must be {Describe(rule.Shape)}", $"'{rule.Path}' is not {Describe(rule.Shape)}");
            }
        }
    }

    private static (YamlMappingNode? Parent, string Key) Parent(YamlMappingNode root, string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (root, path) : (root.Map(path[..dot]), path[(dot + 1)..]);
    }

    private static bool Fits(YamlNode node, KeyShape shape) => shape switch
    {
        KeyShape.Text => node is YamlScalarNode,
        // contentctl's pydantic models take 25.0 for an integer, as ESCU writes some scores.
        KeyShape.WholeNumber => node is YamlScalarNode { Value: { } v } && decimal.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number),
        KeyShape.TextList => node is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode),
        KeyShape.Map => node is YamlMappingNode,
        KeyShape.MapList => node is YamlSequenceNode maps && maps.Children.All(c => c is YamlMappingNode),
        _ => false,
    };

    private static string Describe(KeyShape shape) => shape switch
    {
        KeyShape.Text => "a string",
        KeyShape.WholeNumber => "an integer",
        KeyShape.TextList => "a list of strings",
        KeyShape.Map => "a mapping",
        _ => "a list of mappings",
    };
}
