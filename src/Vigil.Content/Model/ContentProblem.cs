namespace Vigil.Content.Model;

/// <summary>A content file that could not be used, with the line where YAML parsing stopped when known.</summary>
public sealed record ContentProblem(string Path, long? Line, string Reason)
{
    public override string ToString() => Line is { } line ? $"{Path}:{line}: {Reason}" : $"{Path}: {Reason}";
}
