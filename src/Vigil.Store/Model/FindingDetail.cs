using Vigil.Findings.Risk;

namespace Vigil.Store;

/// <summary>One finding with its risk events and every run that saw it (oldest first), inputs included.</summary>
public sealed record FindingDetail(StoredFinding Stored, IReadOnlyList<RiskEvent> RiskEvents, IReadOnlyList<StoredRun> Runs);
