using System.Globalization;
using Vigil.Content.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.Scaffold;

/// <summary>The files a scaffold wrote.</summary>
public sealed record ScaffoldResult(string DetectionFile, string FilterMacroFile, string Id);

/// <summary>
/// Writes a new detection as contentctl new does: <c>detections/&lt;name&gt;.yml</c> with a fresh GUID, today's date,
/// version 1, the v5 <c>rba</c> risk (a <c>dest</c> system risk object for TTP and Anomaly), and a search that yields
/// every field the risk names and ends in the detection's filter macro; and <c>macros/&lt;name&gt;_filter.yml</c>
/// defining that macro as <c>search *</c>. Refuses to overwrite an existing file.
/// </summary>
public static class DetectionScaffolder
{
    public static ScaffoldResult Write(DetectionAnswers answers, string outputDirectory, DateOnly today, Guid id)
    {
        var filter = Detection.FilterMacroFor(answers.Name);
        var fileStem = filter[..^"_filter".Length];
        var detectionFile = Path.Combine(outputDirectory, "detections", fileStem + ".yml");
        var macroFile = Path.Combine(outputDirectory, "macros", filter + ".yml");
        foreach (var file in new[] { detectionFile, macroFile })
        {
            if (File.Exists(file))
            {
                throw new IOException($"{file} exists; not overwritten");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(detectionFile)!);
        Directory.CreateDirectory(Path.GetDirectoryName(macroFile)!);
        Save(detectionFile, DetectionYaml(answers, filter, today, id));
        Save(macroFile, new YamlMappingNode
        {
            { "name", filter },
            { "definition", Quoted("search *") },
            { "description", $"Update this macro to filter out false positives for the detection \"{answers.Name}\"." },
        });
        return new ScaffoldResult(detectionFile, macroFile, id.ToString("D"));
    }

    private static YamlMappingNode DetectionYaml(DetectionAnswers answers, string filter, DateOnly today, Guid id)
    {
        var search = $"{answers.BaseSearch}\n| stats count min(_time) as firstTime max(_time) as lastTime by dest\n| `security_content_ctime(firstTime)`\n| `security_content_ctime(lastTime)`\n| `{filter}`";
        var root = new YamlMappingNode
        {
            { "name", answers.Name },
            { "id", id.ToString("D") },
            { "version", "1" },
            { "date", Quoted(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) },
            { "author", answers.Author },
            { "status", answers.Status },
            { "type", answers.Type },
            { "description", "UPDATE_DESCRIPTION: what the detection finds, from which data, and why it matters." },
            { "data_source", List(answers.DataSources) },
            { "search", new YamlScalarNode(search) { Style = ScalarStyle.Literal } },
            { "how_to_implement", "UPDATE_HOW_TO_IMPLEMENT: the data and add-ons the search needs." },
            { "known_false_positives", "UPDATE_KNOWN_FALSE_POSITIVES: benign activity that matches, and how to tune it out with the filter macro." },
            { "references", new YamlSequenceNode() },
        };
        if (answers.Type is "TTP" or "Anomaly")
        {
            root.Add("rba", new YamlMappingNode
            {
                { "message", $"{answers.Name} on $dest$" },
                { "risk_objects", new YamlSequenceNode(new YamlMappingNode { { "field", "dest" }, { "type", "system" }, { "score", "50" } }) },
                { "threat_objects", new YamlSequenceNode() },
            });
        }

        root.Add("tags", new YamlMappingNode
        {
            { "analytic_story", List(answers.Stories) },
            { "asset_type", "Endpoint" },
            { "mitre_attack_id", List(answers.MitreAttackIds) },
            { "product", List(["Splunk Enterprise", "Splunk Enterprise Security", "Splunk Cloud"]) },
            { "security_domain", "endpoint" },
        });
        root.Add("tests", new YamlSequenceNode());
        return root;
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.SingleQuoted };

    private static YamlSequenceNode List(IEnumerable<string> items) => new(items.Select(i => (YamlNode)new YamlScalarNode(i)));

    private static void Save(string path, YamlMappingNode root)
    {
        using var writer = new StreamWriter(path);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
    }
}
