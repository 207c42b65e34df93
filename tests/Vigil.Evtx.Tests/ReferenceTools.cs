using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Vigil.Evtx.Tests;

/// <summary>Runs the reference tools (evtxexport from libevtx-utils, evtx_dump.py from python3-evtx) and parses their XML.</summary>
internal static partial class ReferenceTools
{
    public const string EvtxExport = "evtxexport";
    public const string EvtxDumpPy = "evtx_dump.py";

    public static string? Find(string tool)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Require(string tool)
    {
        string? path = Find(tool);

        // On CI (.ci/run installs the tools) a missing tool is a failure: a skipped comparison would pass silently.
        if (path is null && Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            Assert.Fail($"{tool} is not on PATH on CI (.ci/run installs libevtx-utils and python3-evtx): the reference comparison cannot run");
        }

        Assert.SkipWhen(path is null, $"{tool} is not on PATH (apt-get install libevtx-utils python3-evtx); comparison skipped");
        return path!;
    }

    public sealed record ToolOutput(int ExitCode, string Stdout, string Stderr);

    public static ToolOutput Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{exe} did not finish within 5 minutes");
        }

        return new ToolOutput(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The &lt;Event&gt; elements of a tool's XML output, in output order.</summary>
    public static List<string> SplitEvents(string output) =>
        EventPattern().Matches(output).Select(m => m.Value).ToList();

    /// <summary>evtxexport -f xml -m items|recovered.</summary>
    public static ToolOutput EvtxExportXml(string file, string mode) => Run(Require(EvtxExport), "-f", "xml", "-m", mode, file);

    public static ToolOutput EvtxDump(string file) => Run(Require(EvtxDumpPy), file);

    [GeneratedRegex(@"<Event xmlns[\s\S]*?</Event>")]
    private static partial Regex EventPattern();
}
