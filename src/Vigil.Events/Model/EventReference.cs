namespace Vigil.Events.Model;

/// <summary>An event as evidence for a finding: where to find it again and when it happened.</summary>
public sealed record EventReference(EventOrigin Origin, EventTime? Time);
