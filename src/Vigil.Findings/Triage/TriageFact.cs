namespace Vigil.Findings.Triage;

/// <summary>A fact about a finding for the responder: a short label and its value.</summary>
public sealed record TriageFact(string Label, string Value);
