using Vigil.Findings;
using Vigil.Findings.Risk;

namespace Vigil.Sinks.Report;

/// <summary>
/// Report data from findings and risk events, wherever they come from (a store read over a window, or one hunt), so
/// every page is built the same way.
/// </summary>
public static class ReportBuilder
{
    public static ReportData Build(string title, DateTimeOffset generatedAt, IEnumerable<RiskEvent> riskEvents, IEnumerable<Finding> findings) =>
        new(title, generatedAt, riskEvents.ToList(), findings.Select(From).ToList());

    /// <summary>A finding as the report lists it: tactics from its techniques, evidence as file, place and time.</summary>
    public static ReportFinding From(Finding finding)
    {
        var detection = finding.Detection;
        return new ReportFinding(
            finding.Id,
            detection.Name,
            finding.Time is { } time ? new DateTimeOffset(time.ToDateTime()) : null,
            finding.Risk.Select(r => r.RiskObject).Distinct(StringComparer.Ordinal).ToList(),
            finding.Risk.Sum(r => r.Score),
            finding.RiskMessage,
            detection.MitreAttackIds,
            AttackTactics.Shipped.Of(detection.MitreAttackIds),
            detection.AnalyticStories,
            finding.Evidence.Select(e => new ReportEvidence(e.Origin.Path, e.Origin.Location, e.Time is { } at ? new DateTimeOffset(at.ToDateTime()) : null)).ToList(),
            finding.EvidenceTotal,
            finding.Triage.Select(f => (f.Label, f.Value)).ToList());
    }
}
