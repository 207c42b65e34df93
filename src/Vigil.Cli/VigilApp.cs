using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>The command line: <c>vigil hunt</c>, <c>vigil export</c> and <c>vigil detections</c>.</summary>
public static class VigilApp
{
    public const int ExitOk = 0;
    public const int ExitStrictFailure = 1;
    public const int ExitError = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Vigil: runs Splunk ESCU detections over Windows event logs, on any machine.")
        {
            HuntCommand.Create(stdout, stderr),
            ExportCommand.Create(stdout, stderr),
            DetectionsCommand.Create(stdout, stderr),
        };
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(configuration);
    }
}
