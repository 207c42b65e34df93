using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>The command line: <c>vigil hunt</c>, <c>search</c>, <c>export</c>, <c>detections</c>, and over the store <c>findings</c>, <c>risk</c> and <c>report</c>.</summary>
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
            FindingsCommand.Create(stdout, stderr, stdoutIsTerminal),
            RiskCommand.Create(stdout, stderr, stdoutIsTerminal),
            ReportCommand.Create(stderr),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // A usage error is one line and exit 2, as every other error: a script sees it the same way, and the help
            // text would bury it.
            var messages = parse.Errors.Select(e => string.Join(' ', e.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            stderr.WriteLine($"error: {string.Join("; ", messages)} ('vigil --help' shows the usage)");
            return ExitError;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return parse.Invoke(configuration);
    }
}
