namespace Vigil.Tests.Support;

/// <summary>Where the repository and the shared reference material (../shared beside the checkout) are.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Samples => Path.Combine(RepoRoot, "samples");

    /// <summary>Skips the calling test, saying why, when ../shared is not present (a user's clone); CI has it.</summary>
    public static string RequireShared(params string[] parts)
    {
        var path = Path.Combine([Shared, .. parts]);
        Assert.SkipUnless(File.Exists(path) || Directory.Exists(path), $"skipped: {path} is not present (the shared reference folder ../shared exists in CI, not in every clone)");
        return path;
    }

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vigil.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Vigil.slnx) above " + AppContext.BaseDirectory);
    }
}
