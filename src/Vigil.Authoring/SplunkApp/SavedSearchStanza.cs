using Vigil.Content.Loading;
using System.Text.Json.Nodes;
using Vigil.Authoring.Sources;
using Vigil.Content.Model;
using YamlDotNet.RepresentationModel;

namespace Vigil.Authoring.SplunkApp;

/// <summary>
/// A detection's savedsearches.conf stanza as contentctl writes it: <c>[ESCU - name - Rule]</c> with the search (macros
/// left for Splunk to expand), its schedule, the risk action (<c>_risk</c> JSON of risk and threat objects, the
/// message), the correlation search settings (label, annotations JSON), the notable for TTP and Correlation, and the
/// drilldowns as <c>action.notable.param.drilldown_searches</c> JSON.
/// </summary>
public static class SavedSearchStanza
{
    public const string AppLabel = "ESCU";

    public static string NameFor(Detection detection) => $"{AppLabel} - {detection.Name} - Rule";

    public static ConfStanzaText Build(Detection detection, YamlMappingNode? yaml)
    {
        var tags = yaml?.Map("tags");
        var deployment = Deployment.For(detection.Type, yaml);
        var name = NameFor(detection);
        var deprecated = detection.Status == "deprecated";
        var settings = new List<KeyValuePair<string, string>>();
        void Set(string key, string? value)
        {
            if (value is not null)
            {
                settings.Add(new(key, value));
            }
        }

        Set("action.escu", "0");
        Set("action.escu.enabled", "1");
        Set("description", detection.Description ?? string.Empty);
        Set("action.escu.mappings", AppJson.Text(Mappings(detection, tags)));
        Set("action.escu.how_to_implement", detection.HowToImplement ?? "none");
        Set("action.escu.known_false_positives", detection.KnownFalsePositives ?? "None");
        Set("action.escu.creation_date", detection.Date);
        Set("action.escu.modification_date", detection.Date);
        Set("action.escu.confidence", "high");
        Set("action.escu.full_search_name", name);
        Set("action.escu.search_type", "detection");
        Set("action.escu.product", AppJson.Text(AppJson.Strings(tags?.Strings("product") ?? [])));
        Set("action.escu.analytic_story", AppJson.Text(AppJson.Strings(detection.AnalyticStories)));
        if (detection.RiskObjects.Count > 0)
        {
            Set("action.risk", "1");
            Set("action.risk.param._risk_message", detection.RiskMessage ?? string.Empty);
            Set("action.risk.param._risk", AppJson.Text(Risk(detection)));
            Set("action.risk.param._risk_score", "0");
            Set("action.risk.param.verbose", "0");
        }

        Set("cron_schedule", deployment.CronSchedule);
        Set("dispatch.earliest_time", deployment.EarliestTime);
        Set("dispatch.latest_time", deployment.LatestTime);
        Set("action.correlationsearch.enabled", "1");
        Set("action.correlationsearch.detection_type", "ebd");
        Set("action.correlationsearch.label", deprecated ? $"{AppLabel} - Deprecated - {detection.Name} - Rule" : name);
        Set("action.correlationsearch.annotations", AppJson.Text(Annotations(detection, tags)));
        Set("action.correlationsearch.metadata", AppJson.Text(new JsonObject
        {
            ["deprecated"] = deprecated ? "1" : "0",
            ["detection_id"] = detection.Id,
            ["detection_version"] = detection.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "1",
        }));
        Set("schedule_window", deployment.ScheduleWindow);
        if (deployment.Notable)
        {
            Set("action.notable", "1");
            Set("action.notable.param.nes_fields", "user,dest");
            Set("action.notable.param.rule_description", detection.Description ?? detection.Name);
            Set("action.notable.param.rule_title", detection.Name);
            Set("action.notable.param.security_domain", tags?.Text("security_domain") ?? "endpoint");
            Set("action.notable.param.severity", "high");
        }

        if (detection.Drilldowns.Count > 0)
        {
            Set("action.notable.param.drilldown_searches", AppJson.Text(Drilldowns(detection)));
        }

        Set("alert.digest_mode", "1");
        Set("disabled", "true");
        Set("enableSched", "1");
        Set("allow_skew", "100%");
        Set("counttype", "number of events");
        Set("relation", "greater than");
        Set("quantity", "0");
        Set("realtime_schedule", "0");
        Set("is_visible", "false");
        Set("search", detection.Search);
        return new ConfStanzaText(name, settings);
    }

    /// <summary>Risk objects (field, type, score), then threat objects (field, type), as ES's risk action reads them.</summary>
    public static JsonArray Risk(Detection detection)
    {
        var risk = new JsonArray();
        foreach (var riskObject in detection.RiskObjects)
        {
            risk.Add((JsonNode)new JsonObject
            {
                ["risk_object_field"] = riskObject.Field,
                ["risk_object_type"] = riskObject.Type.ToString().ToLowerInvariant(),
                ["risk_score"] = riskObject.Score,
            });
        }

        foreach (var threat in detection.ThreatObjects)
        {
            risk.Add((JsonNode)new JsonObject { ["threat_object_field"] = threat.Field, ["threat_object_type"] = threat.Type });
        }

        return risk;
    }

    /// <summary>The framework mappings the tags carry: cis20, kill_chain_phases, mitre_attack, nist.</summary>
    private static JsonObject Mappings(Detection detection, YamlMappingNode? tags)
    {
        var mappings = new JsonObject();
        foreach (var key in new[] { "cis20", "kill_chain_phases" })
        {
            if (tags?.Strings(key) is { Count: > 0 } values)
            {
                mappings[key] = AppJson.Strings(values);
            }
        }

        if (detection.MitreAttackIds.Count > 0)
        {
            mappings["mitre_attack"] = AppJson.Strings(detection.MitreAttackIds);
        }

        if (tags?.Strings("nist") is { Count: > 0 } nist)
        {
            mappings["nist"] = AppJson.Strings(nist);
        }

        return mappings;
    }

    /// <summary>What ES copies onto each risk event (annotations.*, analyticstories): sorted by key, as contentctl writes them.</summary>
    public static JsonObject Annotations(Detection detection, YamlMappingNode? tags)
    {
        var annotations = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            ["analytic_story"] = AppJson.Strings(detection.AnalyticStories),
            ["data_source"] = AppJson.Strings(detection.DataSources),
            ["type"] = JsonValue.Create(detection.Type ?? string.Empty),
            ["type_list"] = AppJson.Strings([detection.Type ?? string.Empty]),
        };
        foreach (var key in new[] { "confidence", "impact" })
        {
            if (tags?.Number(key) is { } number)
            {
                annotations[key] = JsonValue.Create(number);
            }
        }

        if (tags?.Strings("cve") is { Count: > 0 } cve)
        {
            annotations["cve"] = AppJson.Strings(cve);
        }

        foreach (var (key, value) in Mappings(detection, tags).ToList())
        {
            annotations[key] = value!.DeepClone();
        }

        var result = new JsonObject();
        foreach (var (key, value) in annotations)
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>Each drilldown with %original_detection_search% replaced by the detection's search, as contentctl does.</summary>
    private static JsonArray Drilldowns(Detection detection)
    {
        var drilldowns = new JsonArray();
        foreach (var drilldown in detection.Drilldowns)
        {
            drilldowns.Add((JsonNode)new JsonObject
            {
                ["name"] = drilldown.Name,
                ["search"] = drilldown.Search.Replace("%original_detection_search%", detection.Search, StringComparison.Ordinal),
                ["earliest_offset"] = drilldown.EarliestOffset ?? "$info_min_time$",
                ["latest_offset"] = drilldown.LatestOffset ?? "$info_max_time$",
            });
        }

        return drilldowns;
    }
}
