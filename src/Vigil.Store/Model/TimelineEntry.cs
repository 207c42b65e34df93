using Vigil.Findings.Risk;

namespace Vigil.Store;

/// <summary>One risk event in an entity's timeline, with the detection that raised it.</summary>
public sealed record TimelineEntry(RiskEvent Risk, string DetectionId, string DetectionName);
