namespace Vigil.Benchmarks;

/// <summary>Finds the shared EVTX samples: walks up from the binaries (or the current directory) to the repository root.</summary>
public static class SampleFiles
{
    /// <summary>../shared/evtx/evtx-crate/security.evtx, else the largest sample, else null.</summary>
    public static string? EvtxFile()
    {
        string? dir = SharedEvtxDir();
        if (dir is null)
        {
            return null;
        }

        string security = Path.Combine(dir, "evtx-crate", "security.evtx");
        return File.Exists(security)
            ? security
            : Directory.EnumerateFiles(dir, "*.evtx", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).FirstOrDefault();
    }

    /// <summary>A lookup table of ../shared/escu/lookups by file name, or null.</summary>
    public static string? EscuLookup(string fileName) => Shared("escu", "lookups", fileName);

    /// <summary>A file of ../shared by its path below it, or null.</summary>
    public static string? Shared(params string[] parts) =>
        RepoRoot() is { } root && Path.GetFullPath(Path.Combine([root, "..", "shared", .. parts])) is var path && File.Exists(path) ? path : null;

    /// <summary>The bundled Splunk-form sample log (samples/ in the checkout).</summary>
    public static string SplunkSample() =>
        Path.Combine(RepoRoot() ?? throw new InvalidOperationException("repository root not found"), "samples", "Application.xmlwineventlog.log");

    /// <summary>bench/Vigil.Benchmarks in the checkout (the current directory when the root is not found).</summary>
    public static string ProjectDir()
    {
        string? root = RepoRoot();
        return root is null ? Directory.GetCurrentDirectory() : Path.Combine(root, "bench", "Vigil.Benchmarks");
    }

    private static string? SharedEvtxDir()
    {
        string? root = RepoRoot();
        if (root is null)
        {
            return null;
        }

        string evtx = Path.GetFullPath(Path.Combine(root, "..", "shared", "evtx"));
        return Directory.Exists(evtx) ? evtx : null;
    }

    private static string? RepoRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Vigil.slnx")))
                {
                    return d.FullName;
                }
            }
        }

        return null;
    }
}
