using System.Text.RegularExpressions;

namespace Vigil.Evtx.Tests;

/// <summary>Locates ../shared (sibling of the repository root) and its EVTX samples. Tests skip when it is absent.</summary>
internal static partial class TestFiles
{
    public const string MissingMessage = "../shared is not present next to the repository root; EVTX sample tests skipped";

    private static readonly Lazy<string?> Shared = new(FindShared);

    public static string? SharedDir => Shared.Value;

    private static string? FindShared()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Vigil.slnx")))
            {
                string shared = Path.GetFullPath(Path.Combine(d.FullName, "..", "shared"));
                return Directory.Exists(Path.Combine(shared, "evtx")) ? shared : null;
            }
        }

        return null;
    }

    /// <summary>Skips the test when ../shared is missing; returns the shared directory.</summary>
    public static string RequireShared()
    {
        Assert.SkipWhen(SharedDir is null, MissingMessage);
        return SharedDir!;
    }

    /// <summary>Every sample, as "folder/name.evtx" (stable names for theory cases). Empty when ../shared is absent.</summary>
    public static TheoryData<string> AllSamples()
    {
        var data = new TheoryData<string>();
        string? shared = SharedDir;
        if (shared is null)
        {
            data.Add(string.Empty); // one case that skips
            return data;
        }

        foreach (string f in Directory.EnumerateFiles(Path.Combine(shared, "evtx"), "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Path.Combine(shared, "evtx"), f).Replace('\\', '/'));
        }

        return data;
    }

    public static string PathOf(string sample)
    {
        string shared = RequireShared();
        Assert.SkipWhen(sample.Length == 0, MissingMessage);
        return Path.Combine(shared, "evtx", sample);
    }

    /// <summary>The evtxexport record counts (normal, recovered) listed in ../shared/README.md, keyed by file name without extension.</summary>
    public static Dictionary<string, (int Normal, int Recovered)> ReadmeCounts()
    {
        string readme = File.ReadAllText(Path.Combine(RequireShared(), "README.md"));
        int start = readme.IndexOf("Record counts", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Record counts' paragraph");
        var result = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (Match m in CountPattern().Matches(readme[start..]))
        {
            result[m.Groups[1].Value] = (int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        return result;
    }

    [GeneratedRegex(@"([A-Za-z0-9_\-]+)\s+(\d+)/(\d+)")]
    private static partial Regex CountPattern();
}
