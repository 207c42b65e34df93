using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Vigil.Tests.Support;

namespace Vigil.Tests.Store;

/// <summary>
/// tests/Vigil.Store.CrashWriter run as a real child process: it hunts generated logs into a store run after run and
/// says on stdout when each run's write starts ("writing") and when it committed ("landed").
/// </summary>
internal sealed class CrashWriterProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly List<string> _errors = [];

    private CrashWriterProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && !_lines.IsAddingCompleted)
            {
                _lines.TryAdd(line);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_errors)
                {
                    _errors.Add(line);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The runs this writer saw commit: run number, store run id, write time in milliseconds.</summary>
    public List<(int Run, long RunId, long WriteMilliseconds)> Landed { get; } = [];

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join("\n", _errors);
            }
        }
    }

    /// <summary>Starts a writer of <paramref name="runs"/> runs (0: until killed) of <paramref name="findings"/> new findings each.</summary>
    public static CrashWriterProcess Start(string store, string workDir, string tag, int runs, int findings)
    {
        var info = new ProcessStartInfo(VigilProcess.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WriterPath());
        foreach (var arg in new[] { store, workDir, tag, runs.ToString(CultureInfo.InvariantCulture), findings.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        return new CrashWriterProcess(Process.Start(info) ?? throw new InvalidOperationException("cannot start the crash writer"));
    }

    /// <summary>Reads lines until the next one starting with "writing" (its run is now inside its store transaction).</summary>
    public int WaitForWriting() => int.Parse(Next("writing").Split(' ')[2], CultureInfo.InvariantCulture);

    /// <summary>Reads lines until the next one starting with "landed", and records it.</summary>
    public (int Run, long RunId, long WriteMilliseconds) WaitForLanded()
    {
        var landed = Parse(Next("landed"));
        Landed.Add(landed);
        return landed;
    }

    /// <summary>
    /// SIGKILL on Linux and macOS (TerminateProcess on Windows): no handler, no flush, no cleanup runs. Then reads what
    /// the writer said before it died, so <see cref="Landed"/> holds every run it saw commit.
    /// </summary>
    public void Kill()
    {
        _process.Kill();
        DrainAfterExit();
    }

    /// <summary>Waits for a writer with a run count to finish, recording every run it says landed; gives its exit code.</summary>
    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(Patience), "the crash writer did not finish in time: " + Errors);
        DrainAfterExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _lines.Dispose();
    }

    /// <summary>WaitForExit without a timeout also waits for stdout to reach its end, so no line is missed.</summary>
    private void DrainAfterExit()
    {
        _process.WaitForExit();
        _lines.CompleteAdding();
        foreach (var line in _lines.GetConsumingEnumerable().Where(l => l.StartsWith("landed ", StringComparison.Ordinal)))
        {
            Landed.Add(Parse(line));
        }
    }

    private static (int Run, long RunId, long WriteMilliseconds) Parse(string landed)
    {
        var parts = landed.Split(' ');
        return (int.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    private string Next(string prefix)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(200)))
            {
                if (line.StartsWith(prefix + " ", StringComparison.Ordinal))
                {
                    return line;
                }

                continue;
            }

            if (_process.HasExited && _lines.Count == 0)
            {
                Assert.Fail($"the crash writer exited ({_process.ExitCode}) before '{prefix}': {Errors}");
            }
        }

        throw new TimeoutException($"the crash writer said no '{prefix}' line in {Patience}: {Errors}");
    }

    /// <summary>The writer's build output, beside the test project's own (same configuration and framework).</summary>
    private static string WriterPath()
    {
        var testProject = Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Tests");
        var output = Path.GetRelativePath(testProject, AppContext.BaseDirectory);
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Store.CrashWriter", output, "Vigil.Store.CrashWriter.dll");
        Assert.True(File.Exists(path), $"the crash writer is not built at {path} (the test project builds it)");
        return path;
    }
}
