using Vigil.Findings.Risk;

namespace Vigil.Sinks.Report;

/// <summary>What the HTML report shows: risk events (for risk per entity over time), findings with their evidence, and when it was made.</summary>
public sealed record ReportData(
    string Title,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<RiskEvent> RiskEvents,
    IReadOnlyList<ReportFinding> Findings);

/// <summary>A finding as the report lists it.</summary>
public sealed record ReportFinding(
    string Id,
    string Detection,
    DateTimeOffset? Time,
    IReadOnlyList<string> RiskObjects,
    int RiskScore,
    string? RiskMessage,
    IReadOnlyList<string> MitreTechniques,
    IReadOnlyList<string> MitreTactics,
    IReadOnlyList<string> AnalyticStories,
    IReadOnlyList<ReportEvidence> Evidence,
    long EvidenceTotal,
    IReadOnlyList<(string Label, string Value)> Triage);

/// <summary>One event behind a finding: its file, its place in it (a line, or an EVTX chunk, record and offset) and its time.</summary>
public sealed record ReportEvidence(string Path, string Location, DateTimeOffset? Time);
