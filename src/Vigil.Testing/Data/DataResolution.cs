namespace Vigil.Testing.Data;

/// <summary>Where a test's attack data was found, or (Path null) every place it was looked for.</summary>
public sealed record DataResolution(string Data, string? Path, IReadOnlyList<string> LookedIn)
{
    public bool Found => Path is not null;

    /// <summary>For people: the data and where it was not found.</summary>
    public string Missing => $"test data {Data} not found (looked in {string.Join(", ", LookedIn)})";
}
