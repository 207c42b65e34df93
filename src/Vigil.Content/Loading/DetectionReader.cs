using Vigil.Content.Model;
using YamlDotNet.RepresentationModel;

namespace Vigil.Content.Loading;

/// <summary>Reads an ESCU detection in either shape into a <see cref="Detection"/>, risk computed as contentctl does.</summary>
internal static class DetectionReader
{
    public static Detection Read(YamlMappingNode root, string origin)
    {
        var name = root.Text("name") ?? throw new InvalidDataException("detection has no name");
        var id = root.Text("id") ?? throw new InvalidDataException($"detection '{name}' has no id");
        var search = root.Text("search") ?? throw new InvalidDataException($"detection '{name}' has no search");
        var tags = root.Map("tags");
        var rba = root.Map("rba");
        var shape = rba is not null ? DetectionShape.RbaV5 : DetectionShape.TagsV3;
        var (riskObjects, threatObjects, message) = shape == DetectionShape.RbaV5
            ? ReadRba(rba!)
            : ReadTags(tags);

        return new Detection
        {
            Name = name,
            Id = id,
            Version = root.Number("version"),
            Date = root.Text("date"),
            Author = root.Text("author"),
            Status = root.Text("status"),
            Type = root.Text("type"),
            Description = root.Text("description"),
            Search = search,
            DataSources = root.Strings("data_source"),
            HowToImplement = root.Text("how_to_implement"),
            KnownFalsePositives = root.Text("known_false_positives"),
            References = root.Strings("references"),
            Drilldowns = root.Maps("drilldown_searches")
                .Select(d => new Drilldown(d.Text("name") ?? string.Empty, d.Text("search") ?? string.Empty, d.Text("earliest_offset"), d.Text("latest_offset")))
                .ToList(),
            AnalyticStories = tags?.Strings("analytic_story") ?? [],
            MitreAttackIds = tags?.Strings("mitre_attack_id") ?? [],
            RiskMessage = message,
            RiskObjects = riskObjects,
            ThreatObjects = threatObjects,
            Shape = shape,
            Tests = root.Maps("tests").Select(ReadTest).ToList(),
            ManualTestReason = tags?.Text("manual_test"),
            Origin = origin,
        };
    }

    private static DetectionTest ReadTest(YamlMappingNode test) => new(
        test.Text("name") ?? string.Empty,
        test.Text("test_type"),
        test.Maps("attack_data")
            .Select(a => new AttackData(
                a.Text("data") ?? throw new InvalidDataException($"test '{test.Text("name")}' has attack_data without data"),
                a.Text("source"),
                a.Text("sourcetype"),
                a.Text("update_timestamp") is { } update && bool.TryParse(update, out var shift) && shift))
            .ToList());

    private static (List<RiskObjectSpec>, List<ThreatObjectSpec>, string?) ReadRba(YamlMappingNode rba)
    {
        var risks = rba.Maps("risk_objects")
            .Select(r => new RiskObjectSpec(
                r.Text("field") ?? throw new InvalidDataException("rba risk object has no field"),
                ParseRiskType(r.Text("type")),
                r.Number("score") ?? throw new InvalidDataException($"rba risk object '{r.Text("field")}' has no score")))
            .ToList();
        var threats = rba.Maps("threat_objects")
            .Select(t => new ThreatObjectSpec(t.Text("field") ?? throw new InvalidDataException("rba threat object has no field"), t.Text("type") ?? "other"))
            .ToList();
        return (risks, threats, rba.Text("message"));
    }

    /// <summary>
    /// v3: observables with role Victim are risk objects (Hostname, IP and the like are systems; users are users),
    /// scored round(confidence x impact / 100) with Python's rounding; role Attacker marks threat objects.
    /// </summary>
    private static (List<RiskObjectSpec>, List<ThreatObjectSpec>, string?) ReadTags(YamlMappingNode? tags)
    {
        if (tags is null)
        {
            return ([], [], null);
        }

        var confidence = tags.Number("confidence");
        var impact = tags.Number("impact");
        var score = confidence is { } c && impact is { } i
            ? (int)Math.Round(c * i / 100.0, MidpointRounding.ToEven)
            : tags.Number("risk_score") ?? 0;
        var risks = new List<RiskObjectSpec>();
        var threats = new List<ThreatObjectSpec>();
        foreach (var observable in tags.Maps("observable"))
        {
            var field = observable.Text("name");
            var type = observable.Text("type") ?? "Other";
            if (field is null)
            {
                continue;
            }

            var roles = observable.Strings("role");
            if (roles.Contains("Victim", StringComparer.OrdinalIgnoreCase))
            {
                risks.Add(new RiskObjectSpec(field, ObservableRiskType(type), score));
            }
            else if (roles.Contains("Attacker", StringComparer.OrdinalIgnoreCase))
            {
                threats.Add(new ThreatObjectSpec(field, type.ToLowerInvariant().Replace(' ', '_')));
            }
        }

        return (risks, threats, tags.Text("message"));
    }

    private static RiskObjectType ObservableRiskType(string observableType) => observableType.ToLowerInvariant() switch
    {
        "hostname" or "device" or "endpoint" or "ip address" or "ip" or "ipv4" or "ipv6" => RiskObjectType.System,
        "user" or "user name" or "username" or "email" or "email address" => RiskObjectType.User,
        _ => RiskObjectType.Other,
    };

    private static RiskObjectType ParseRiskType(string? type) => type?.ToLowerInvariant() switch
    {
        "system" => RiskObjectType.System,
        "user" => RiskObjectType.User,
        _ => RiskObjectType.Other,
    };
}
