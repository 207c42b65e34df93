using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>The command line: <c>vigil hunt</c>, <c>search</c>, <c>export</c>, <c>detections</c> and the commands over the store.</summary>
public static class VigilApp
{
    public const int ExitOk = 0;
    public const int ExitStrictFailure = 1;
    public const int ExitError = 2;

    /// <param name="stdoutIsTerminal">Whether stdout is a person's terminal (colours, widths, progress beside it).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal = false)
    {
        var root = new RootCommand("Vigil: runs Splunk ESCU detections over Windows event logs, on any machine.")
        {
            HuntCommand.Create(stdout, stderr, stdoutIsTerminal),
            SearchCommand.Create(stdout, stderr, stdoutIsTerminal),
            ExportCommand.Create(stdout, stderr, stdoutIsTerminal),
            DetectionsCommand.Create(stdout, stderr),
            TestCommand.Create(stdout, stderr),
        };
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(configuration);
    }
}
