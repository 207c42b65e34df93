using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>The command line: <c>vigil hunt</c>, <c>search</c>, <c>export</c>, <c>detections</c>, the authoring commands (<c>validate</c>, <c>build</c>, <c>new</c>) and over the store <c>findings</c>, <c>risk</c>, <c>drilldown</c> and <c>report</c>.</summary>
public static class VigilApp
{
    public const int ExitOk = 0;
    public const int ExitStrictFailure = 1;
    public const int ExitError = 2;

    /// <param name="stdoutIsTerminal">Whether stdout is a person's terminal (colours, widths, progress beside it).</param>
    /// <param name="ownsProcess">Whether the run is the process's only work (the vigil executable), so it may set process-wide policy such as the GC's (<see cref="StartupHeap"/>).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal = false, bool ownsProcess = false)
    {
        var root = new RootCommand("Vigil: runs Splunk ESCU detections over Windows event logs, on any machine.")
        {
            HuntCommand.Create(stdout, stderr, stdoutIsTerminal, ownsProcess),
            SearchCommand.Create(stdout, stderr, stdoutIsTerminal),
            ExportCommand.Create(stdout, stderr, stdoutIsTerminal),
            DetectionsCommand.Create(stdout, stderr),
            FindingsCommand.Create(stdout, stderr, stdoutIsTerminal),
            RiskCommand.Create(stdout, stderr, stdoutIsTerminal),
            DrilldownCommand.Create(stdout, stderr, stdoutIsTerminal),
            ReportCommand.Create(stderr),
            ValidateCommand.Create(stdout, stderr),
            BuildCommand.Create(stdout, stderr),
            NewCommand.Create(stdout, stderr),
            TestCommand.Create(stdout, stderr),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // A usage error is one line and exit 2, like every other error: a script sees it the same way, and the
            // whole help would bury it. System.CommandLine lists allowed values on lines of their own.
            var messages = parse.Errors.Select(e => string.Join(' ', e.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            stderr.WriteLine($"error: {string.Join("; ", messages.Distinct(StringComparer.Ordinal))} (see '{CommandPath(parse.CommandResult)} --help')");
            return ExitError;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(configuration);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("error: " + e.Message);
            return ExitError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("VIGIL_DEBUG") is null)
        {
            // A bug: one line to report, the stack with VIGIL_DEBUG=1.
            stderr.WriteLine($"error: internal error ({e.GetType().Name}): {e.Message}. Run again with VIGIL_DEBUG=1 for details, and please report it.");
            return ExitError;
        }
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result) =>
        result.Parent is System.CommandLine.Parsing.CommandResult parent ? CommandPath(parent) + " " + result.Command.Name : "vigil";
}
