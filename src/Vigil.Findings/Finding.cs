using Vigil.Content.Model;
using Vigil.Events.Model;
using Vigil.Findings.Triage;
using Vigil.Spl.Values;

namespace Vigil.Findings;

/// <summary>A risk a finding raises: the object (a host, a user ...), its type and the score added to it.</summary>
public sealed record RiskEntry(string RiskObject, RiskObjectType Type, int Score);

/// <summary>A threat object named by a finding (a file, a process ...).</summary>
public sealed record ThreatEntry(string ThreatObject, string Type);

/// <summary>
/// One result row of a detection, with the risk it carries, the message a responder reads and the events behind it.
/// Every sink (table, csv, json, jsonl, the store) writes this record.
/// </summary>
public sealed record Finding(
    Detection Detection,
    IReadOnlyList<string> Columns,
    Row Result,
    IReadOnlyList<RiskEntry> Risk,
    IReadOnlyList<ThreatEntry> Threats,
    string? RiskMessage)
{
    /// <summary>
    /// Stable identity: the same detection, result values and evidence give the same id, so a store keeps a finding
    /// once however often the same inputs are hunted.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The first <see cref="Spl.Values.Evidence.MaxKept"/> events behind the row, in the order they reached it.</summary>
    public IReadOnlyList<EventReference> Evidence { get; init; } = [];

    /// <summary>How many event rows went into the result row (the evidence lists at most 20 of them).</summary>
    public long EvidenceTotal { get; init; }

    /// <summary>The time of the newest event behind the row (when the detection could first have found it), if any had one.</summary>
    public Timestamp? Time { get; init; }

    /// <summary>The time of the oldest event behind the row.</summary>
    public Timestamp? FirstTime { get; init; }

    /// <summary>Facts a responder checks next, computed for some kinds of finding (an IIS module that failed to load ...).</summary>
    public IReadOnlyList<TriageFact> Triage { get; init; } = [];

    /// <summary>The saved-search name Splunk Enterprise Security gives the detection, as risk events carry it.</summary>
    public string SearchName => SearchNames.Of(Detection);
}

/// <summary>The names contentctl gives an ESCU detection's saved search.</summary>
public static class SearchNames
{
    public static string Of(Detection detection) => Of(detection.Name);

    /// <summary>The saved-search name for a detection known only by name (as the store keeps risk events' detections).</summary>
    public static string Of(string detectionName) => $"ESCU - {detectionName} - Rule";
}
