using Vigil.Findings;

namespace Vigil.Store;

/// <summary>
/// A finding read back from the store, with the run that first found it. Its <see cref="Finding.Detection"/> carries
/// what the store keeps of the detection (id, name, version, type, MITRE ids, analytic stories, origin), not its search.
/// </summary>
public sealed record StoredFinding(Finding Finding, long FirstRunId, DateTimeOffset FirstSeenAt);
