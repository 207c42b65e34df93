namespace Vigil.Findings.Triage;

/// <summary>
/// One thing a responder learns about a finding beyond its result row: what it is about (<see cref="Label"/>, e.g.
/// "Load error") and what was found, in plain words (<see cref="Value"/>).
/// </summary>
public sealed record TriageFact(string Label, string Value);
