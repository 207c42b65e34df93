using Spectre.Console;
using Vigil.Hunt;

namespace Vigil.Cli.Output;

/// <summary>
/// The human view: for each detection a header (name, type, risk, MITRE ids, story), its result table with the
/// search's columns in order, the risk each finding raises, then the summary.
/// </summary>
internal static class TableOutput
{
    public static void Write(TextWriter writer, HuntReport report, bool toTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = toTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = toTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = toTerminal ? Math.Max(80, SafeWindowWidth()) : 250;

        foreach (var result in report.Results)
        {
            WriteDetection(console, result);
        }

        var summary = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, text) in SummaryText.Lines(report, 0))
        {
            summary.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(text));
        }

        console.Write(new Rule("Summary").LeftJustified());
        console.Write(summary);
        console.WriteLine();
    }

    private static void WriteDetection(IAnsiConsole console, DetectionResult result)
    {
        var detection = result.Compiled.Detection;
        console.Write(new Rule(Markup.Escape(detection.Name)).LeftJustified());
        var risk = detection.RiskObjects.Count == 0
            ? "no risk objects"
            : string.Join(", ", detection.RiskObjects.Select(r => $"{r.Score} to {r.Field} ({JsonOutput.TypeName(r.Type)})"));
        var facts = new List<string>
        {
            detection.Type ?? "detection",
            "risk " + risk,
            "MITRE " + (detection.MitreAttackIds.Count > 0 ? string.Join(", ", detection.MitreAttackIds) : "none"),
        };
        if (detection.AnalyticStories.Count > 0)
        {
            facts.Add("story " + string.Join(", ", detection.AnalyticStories));
        }

        facts.Add($"{result.Result.Rows.Count} results from {result.EventsMatched} matching events");
        console.Write(new Text(string.Join(" · ", facts) + "\n"));
        if (result.Result.Rows.Count == 0)
        {
            console.WriteLine();
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in result.Result.Columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        foreach (var row in result.Result.Rows)
        {
            table.AddRow(result.Result.Columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(row[c].ToString())).ToArray());
        }

        console.Write(table);
        foreach (var finding in result.Findings)
        {
            var raised = string.Join(", ", finding.Risk.Select(r => $"+{r.Score} {r.RiskObject}"));
            console.Write(new Text($"  risk {raised}: {finding.RiskMessage}\n"));
        }

        if (result.Findings.Count < result.Result.Rows.Count && result.Compiled.Detection.RiskObjects.Count > 0)
        {
            var silent = result.Result.Rows.Count - result.Findings.Count;
            console.Write(new Text($"  {silent} {(silent == 1 ? "row raises" : "rows raise")} no risk: {(silent == 1 ? "its" : "their")} risk-object fields ({string.Join(", ", result.Compiled.Detection.RiskObjects.Select(r => r.Field))}) are empty\n"));
        }

        console.WriteLine();
    }

    private static int SafeWindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
