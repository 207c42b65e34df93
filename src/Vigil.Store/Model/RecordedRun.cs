namespace Vigil.Store;

/// <summary>What a hunt added to the store: its run id, the findings new to the store and those already there.</summary>
public sealed record RecordedRun(long RunId, int FindingsNew, int FindingsSeen, int RiskEventsNew);
