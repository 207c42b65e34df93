namespace Vigil.Authoring.Scaffold;

/// <summary>What a new detection is made from: given as options or answered at a terminal.</summary>
public sealed record DetectionAnswers
{
    public required string Name { get; init; }

    public string Type { get; init; } = "TTP";

    public string Status { get; init; } = "production";

    public string Author { get; init; } = "Unknown";

    public IReadOnlyList<string> DataSources { get; init; } = [];

    public IReadOnlyList<string> Stories { get; init; } = [];

    public IReadOnlyList<string> MitreAttackIds { get; init; } = [];

    /// <summary>The base search, before the stats, time formatting and filter macro the scaffold appends.</summary>
    public string BaseSearch { get; init; } = "sourcetype=REPLACE_ME";
}
