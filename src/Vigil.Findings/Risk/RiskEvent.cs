using Vigil.Content.Model;
using Vigil.Spl.Values;

namespace Vigil.Findings.Risk;

/// <summary>
/// A risk event as Splunk Enterprise Security's risk action writes it to <c>index=risk</c>, with the fields of the Risk
/// data model: one per risk object a finding names, carrying the finding's threat objects.
/// </summary>
public sealed record RiskEvent(
    string FindingId,
    Timestamp Time,
    string RiskObject,
    RiskObjectType RiskObjectType,
    int RiskScore,
    string? RiskMessage,
    string SearchName,
    IReadOnlyList<string> AnalyticStories,
    IReadOnlyList<string> MitreTechniqueIds,
    IReadOnlyList<string> MitreTactics,
    IReadOnlyList<string> ThreatObjects,
    IReadOnlyList<string> ThreatObjectTypes)
{
    /// <summary>
    /// Enterprise Security merges a risk object with its asset and identity records; without those, Vigil uses the risk
    /// object in lower case, so WIN-DC01 and win-dc01 are one entity, as Windows treats host names.
    /// </summary>
    public string NormalizedRiskObject => RiskObject.ToLowerInvariant();

    /// <summary>Every annotation value: ATT&amp;CK technique ids, their tactics and the analytic stories.</summary>
    public IReadOnlyList<string> AnnotationsAll => [.. MitreTechniqueIds, .. MitreTactics, .. AnalyticStories];

    /// <summary>The event as search rows see it: what <c>| from datamodel Risk.All_Risk</c> and tstats read.</summary>
    public Row ToRow()
    {
        var row = new Row(24) { Evidence = null };
        row["_time"] = Value.FromTime(Time);
        row["index"] = Value.FromString("risk");
        row["sourcetype"] = Value.FromString("stash");
        row["source"] = Value.FromString(SearchName);
        row["search_name"] = Value.FromString(SearchName);
        row["risk_object"] = Value.FromString(RiskObject);
        row["risk_object_type"] = Value.FromString(RiskObjectTypes.Name(RiskObjectType));
        row["normalized_risk_object"] = Value.FromString(NormalizedRiskObject);
        row["risk_score"] = Value.FromNumber(RiskScore);
        if (RiskMessage is not null)
        {
            row["risk_message"] = Value.FromString(RiskMessage);
        }

        row["analyticstories"] = Many(AnalyticStories);
        row["annotations.mitre_attack"] = Many(MitreTechniqueIds);
        row["annotations.mitre_attack.mitre_technique_id"] = Many(MitreTechniqueIds);
        row["annotations.mitre_attack.mitre_tactic"] = Many(MitreTactics);
        row["annotations._all"] = Many(AnnotationsAll);
        row["threat_object"] = Many(ThreatObjects);
        row["threat_object_type"] = Many(ThreatObjectTypes);
        row["vigil_finding_id"] = Value.FromString(FindingId);
        return row;
    }

    private static Value Many(IReadOnlyList<string> values) => values.Count == 0 ? Value.Null : Value.FromMany(values.ToList());

    /// <summary>The risk events a finding raises, timed by its newest event (or the hunt's time when it has none).</summary>
    public static IReadOnlyList<RiskEvent> Of(Finding finding, Timestamp huntTime, AttackTactics tactics)
    {
        var detection = finding.Detection;
        var time = finding.Time ?? huntTime;
        var techniques = detection.MitreAttackIds;
        var tacticNames = tactics.Of(techniques);
        return finding.Risk.Select(risk => new RiskEvent(
            finding.Id,
            time,
            risk.RiskObject,
            risk.Type,
            risk.Score,
            finding.RiskMessage,
            finding.SearchName,
            detection.AnalyticStories,
            techniques,
            tacticNames,
            finding.Threats.Select(t => t.ThreatObject).ToList(),
            finding.Threats.Select(t => t.Type).ToList())).ToList();
    }
}

/// <summary>Risk object types as Enterprise Security names them.</summary>
public static class RiskObjectTypes
{
    public static string Name(RiskObjectType type) => type switch
    {
        RiskObjectType.System => "system",
        RiskObjectType.User => "user",
        _ => "other",
    };

    public static RiskObjectType Parse(string name) => name.ToLowerInvariant() switch
    {
        "system" => RiskObjectType.System,
        "user" => RiskObjectType.User,
        _ => RiskObjectType.Other,
    };
}
