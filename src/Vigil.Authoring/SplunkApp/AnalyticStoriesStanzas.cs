using Vigil.Content.Loading;
using System.Text.Json.Nodes;
using Vigil.Authoring.Sources;
using Vigil.Content.Model;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.SplunkApp;

/// <summary>
/// analyticstories.conf as ES's Use Case Library reads it: a <c>[savedsearch://...]</c> stanza per detection and an
/// <c>[analytic_story://...]</c> stanza per story listing its detections' saved searches.
/// </summary>
public static class AnalyticStoriesStanzas
{
    public static ConfStanzaText Detection(Detection detection, YamlMappingNode? yaml)
    {
        var tags = yaml?.Map("tags");
        return new ConfStanzaText("savedsearch://" + SavedSearchStanza.NameFor(detection),
        [
            new("type", "detection"),
            new("asset_type", tags?.Text("asset_type") ?? string.Empty),
            new("confidence", "medium"),
            new("explanation", detection.Description ?? string.Empty),
            new("how_to_implement", detection.HowToImplement ?? "none"),
            new("annotations", AppJson.Text(SavedSearchStanza.Annotations(detection, tags))),
            new("known_false_positives", detection.KnownFalsePositives ?? "None"),
            new("providing_technologies", "[]"),
        ]);
    }

    public static ConfStanzaText Story(Story story, YamlMappingNode? yaml, IEnumerable<Detection> members)
    {
        var author = yaml?.Text("author") ?? string.Empty;
        var comma = author.LastIndexOf(',');
        var maintainer = new JsonObject
        {
            ["company"] = comma >= 0 ? author[(comma + 1)..].Trim() : string.Empty,
            ["email"] = yaml?.Text("email") ?? "-",
            ["name"] = comma >= 0 ? author[..comma].Trim() : author,
        };
        var settings = new List<KeyValuePair<string, string>>
        {
            new("category", yaml?.Map("tags")?.Strings("category") is [var category, ..] ? category : "Uncategorized"),
            new("last_updated", yaml?.Text("date") ?? string.Empty),
            new("version", yaml?.Text("version") ?? "1"),
            new("references", AppJson.Text(AppJson.Strings(yaml?.Strings("references") ?? []))),
            new("maintainers", AppJson.Text(new JsonArray(maintainer))),
            new("spec_version", "3"),
            new("searches", AppJson.Text(AppJson.Strings(members.Select(SavedSearchStanza.NameFor)))),
            new("description", story.Description ?? string.Empty),
        };
        if (story.Narrative is { } narrative)
        {
            settings.Add(new("narrative", narrative));
        }

        return new ConfStanzaText("analytic_story://" + story.Name, settings);
    }
}
