namespace Vigil.Content.Model;

/// <summary>
/// One entry of a detection's <c>tests:</c>: its name, its type (contentctl's <c>test_type</c>: unit when absent,
/// integration or manual) and the attack data replayed for it.
/// </summary>
public sealed record DetectionTest(string Name, string? TestType, IReadOnlyList<AttackData> AttackData);

/// <summary>
/// A file of events a test replays: where contentctl downloads it (<c>data</c>, usually a URL into splunk/attack_data),
/// the source and sourcetype the replay gives its events, and whether their times move so the newest is now.
/// </summary>
public sealed record AttackData(string Data, string? Source, string? Sourcetype, bool UpdateTimestamp);
