using System.Diagnostics;
using System.Text;

namespace Vigil.Tests.Report;

/// <summary>
/// Runs Debian's headless Chromium on a local page: one run writes a screenshot, prints the DOM as parsed, and logs
/// the page's console messages to stderr (<c>--enable-logging=stderr</c> prints each as a line with "CONSOLE"; these
/// include what the browser itself reports to the console, such as a resource the page's policy refused).
/// </summary>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The browser, or a skip when it is not installed; on CI (CI set) a missing browser fails instead, since the
    /// report's only real check in a browser would otherwise silently not run.
    /// </summary>
    public static string Require()
    {
        var path = Find();
        if (path is null)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("CI is set but chromium is not installed: .ci/run installs it (apt-get install chromium)");
            }

            Assert.Skip("skipped: chromium is not installed (Debian: apt-get install chromium); CI runs this test");
        }

        return path;
    }

    public static async Task<ChromiumRun> Load(string browser, string page, string screenshot, string profile, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile, "--window-size=1280,2000",
            "--screenshot=" + screenshot, "--dump-dom", new Uri(page).AbsoluteUri])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + browser);
        var output = process.StandardOutput.ReadToEndAsync(cancel);
        var errors = process.StandardError.ReadToEndAsync(cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within {Timeout.TotalSeconds:0} s");
        }

        var stderr = await errors;
        var console = stderr.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal)).ToList();
        return new ChromiumRun(process.ExitCode, await output, stderr, console);
    }

    private static string? Find()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return directories.SelectMany(d => new[] { Path.Combine(d, "chromium"), Path.Combine(d, "chromium-browser") }).FirstOrDefault(File.Exists);
    }
}

/// <summary>What one headless run gave: exit code, the DOM as parsed (stdout), all of stderr, and its console lines.</summary>
internal sealed record ChromiumRun(int ExitCode, string Dom, string Stderr, IReadOnlyList<string> ConsoleLines)
{
    public string Describe()
    {
        var text = new StringBuilder().Append("exit ").Append(ExitCode).Append("; console:\n");
        foreach (var line in ConsoleLines)
        {
            text.Append(line).Append('\n');
        }

        return text.Append("stderr tail:\n").Append(Stderr.Length > 3000 ? Stderr[^3000..] : Stderr).ToString();
    }
}
