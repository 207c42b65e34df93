using Vigil.Cli;
using Vigil.Store;

namespace Vigil.Tests.Support;

/// <summary>Runs the vigil command line in-process, as a user types it, with its output captured.</summary>
public static class CliRunner
{
    /// <summary>
    /// Tests name their store (--store) or hunt with --no-store. Should one forget, VIGIL_STORE points into a folder that
    /// does not exist, so the run fails loudly instead of writing to the user's data directory.
    /// </summary>
    static CliRunner() => Environment.SetEnvironmentVariable(
        StorePaths.EnvironmentVariable,
        Path.Combine(Path.GetTempPath(), "vigil-tests-no-store-" + Guid.NewGuid().ToString("N"), StorePaths.FileName));

    public static (int Exit, string Out, string Err) RunVigil(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = VigilApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
