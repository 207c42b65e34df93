namespace Vigil.Content.Model;

public enum RiskObjectType
{
    System,
    User,
    Other,
}

/// <summary>A field of the result whose value is a risk object, and the score each finding adds to it.</summary>
public sealed record RiskObjectSpec(string Field, RiskObjectType Type, int Score);

/// <summary>A field of the result whose value is a threat object (process, file, IP ...), of the given type.</summary>
public sealed record ThreatObjectSpec(string Field, string Type);

public sealed record Drilldown(string Name, string Search, string? EarliestOffset, string? LatestOffset);

/// <summary>ESCU detections come in two shapes: risk under tags (v3, up to 2024) or under rba: (v5 and later).</summary>
public enum DetectionShape
{
    TagsV3,
    RbaV5,
}

/// <summary>An ESCU detection as Vigil runs it: identity, search, risk, annotations and where it was read from.</summary>
public sealed record Detection
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    public int? Version { get; init; }

    public string? Date { get; init; }

    public string? Author { get; init; }

    public string? Status { get; init; }

    public string? Type { get; init; }

    public string? Description { get; init; }

    public required string Search { get; init; }

    public IReadOnlyList<string> DataSources { get; init; } = [];

    public string? HowToImplement { get; init; }

    public string? KnownFalsePositives { get; init; }

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<Drilldown> Drilldowns { get; init; } = [];

    public IReadOnlyList<string> AnalyticStories { get; init; } = [];

    public IReadOnlyList<string> MitreAttackIds { get; init; } = [];

    public string? RiskMessage { get; init; }

    public IReadOnlyList<RiskObjectSpec> RiskObjects { get; init; } = [];

    public IReadOnlyList<ThreatObjectSpec> ThreatObjects { get; init; } = [];

    public DetectionShape Shape { get; init; }

    /// <summary>The detection's <c>tests:</c>, in file order.</summary>
    public IReadOnlyList<DetectionTest> Tests { get; init; } = [];

    /// <summary>Why its tests must be run by hand (<c>tags.manual_test</c>), or null.</summary>
    public string? ManualTestReason { get; init; }

    /// <summary>The file it came from, or "shipped:..." for content built into Vigil.</summary>
    public required string Origin { get; init; }

    /// <summary>The highest score among the risk objects, as contentctl defines a detection's risk score.</summary>
    public int RiskScore => RiskObjects.Count == 0 ? 0 : RiskObjects.Max(r => r.Score);

    /// <summary>The name of the detection's filter macro, as contentctl derives it.</summary>
    public string FilterMacroName => FilterMacroFor(Name);

    public static string FilterMacroFor(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => c is ' ' or '-' or '.' or '/' ? '_' : c).ToArray();
        return new string(chars) + "_filter";
    }
}

public sealed record Story(string Name, string Id, string? Description, string? Narrative, string Origin);
