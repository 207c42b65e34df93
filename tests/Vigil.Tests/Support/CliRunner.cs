using Vigil.Cli;

namespace Vigil.Tests.Support;

/// <summary>Runs the vigil command line in-process, as a user types it, with its output captured.</summary>
public static class CliRunner
{
    public static (int Exit, string Out, string Err) RunVigil(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = VigilApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
