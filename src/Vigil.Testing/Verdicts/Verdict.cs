namespace Vigil.Testing.Verdicts;

/// <summary>Whether a test's results pass, and when not, each thing that was missing.</summary>
public sealed record Verdict(IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    public string Message => string.Join("; ", Problems);
}
