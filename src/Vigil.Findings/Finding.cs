using Vigil.Content.Model;
using Vigil.Spl.Values;

namespace Vigil.Findings;

/// <summary>A risk event a finding raises: the object (a host, a user ...), its type and the score added to it.</summary>
public sealed record RiskEntry(string RiskObject, RiskObjectType Type, int Score);

/// <summary>A threat object named by a finding (a file, a process ...).</summary>
public sealed record ThreatEntry(string ThreatObject, string Type);

/// <summary>One result row of a detection, with the risk it carries and the message a responder reads.</summary>
public sealed record Finding(
    Detection Detection,
    IReadOnlyList<string> Columns,
    Row Result,
    IReadOnlyList<RiskEntry> Risk,
    IReadOnlyList<ThreatEntry> Threats,
    string? RiskMessage);
