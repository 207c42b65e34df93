using System.CommandLine;
using Vigil.Cli.Output;
using System.Text;
using Vigil.Sinks.Report;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil report --html FILE</c>: one HTML page of what the store holds over a window (docs/report.md).</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stderr)
    {
        var html = new Option<string>("--html")
        {
            Description = "Write the report as one self-contained HTML page to this file.",
            HelpName = "FILE",
            Required = true,
        };
        var store = new StoreOptions();
        var window = new WindowOptions();
        OutputFile.CheckBeforeWork(html);
        var command = new Command(
            "report",
            $"Write an HTML report of the hunts recorded in the store: risk per entity over time, ATT&CK tactics covered, findings with evidence. Times for --since and --until: {TimeBound.Help}.")
        {
            html,
        };
        window.AddTo(command);
        store.AddTo(command);
        command.SetAction(parse =>
        {
            if (!window.TryRead(parse, stderr, out _, out var timeWindow))
            {
                return VigilApp.ExitError;
            }

            using var opened = store.OpenForReading(parse, stderr);
            if (opened is null)
            {
                return VigilApp.ExitError;
            }

            if (opened.CountRuns() == 0)
            {
                stderr.WriteLine($"error: no hunts stored in {opened.Path} yet; run vigil hunt first");
                return VigilApp.ExitError;
            }

            var findings = opened.Findings(new FindingQuery { Window = timeWindow }).Select(f => f.Finding);
            var data = ReportBuilder.Build("Vigil report", DateTimeOffset.UtcNow, opened.RiskEvents(timeWindow), findings);
            var path = parse.GetValue(html)!;
            try
            {
                using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
                HtmlReport.Write(writer, data);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write the report to {path}: {e.Message}");
                return VigilApp.ExitError;
            }

            stderr.WriteLine($"report: {data.Findings.Count:N0} findings, {data.RiskEvents.Count:N0} risk events from {opened.Path} written to {Path.GetFullPath(path)}");
            return VigilApp.ExitOk;
        });
        return command;
    }
}
