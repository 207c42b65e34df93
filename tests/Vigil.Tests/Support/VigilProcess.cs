using System.Diagnostics;

namespace Vigil.Tests.Support;

/// <summary>
/// Runs the vigil binary the test project builds (vigil.dll beside the tests) as a child process, with the environment
/// a test chooses: for what depends on the environment (the default store path, VIGIL_STORE), which in-process runs
/// cannot change without changing it for every test running beside them.
/// </summary>
public static class VigilProcess
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <param name="environment">Variables to set, or to remove when their value is null.</param>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vigil.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start vigil");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await errors);
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH for its children), else the one on PATH.</summary>
    internal static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
