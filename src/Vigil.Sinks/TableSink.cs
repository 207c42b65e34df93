using Spectre.Console;
using Vigil.Events.Model;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;

namespace Vigil.Sinks;

/// <summary>
/// The human view, written when the hunt finishes: detections with results first, highest risk first, each with its
/// result table, the risk each finding raises, the first events behind it and its triage facts; then one line for the
/// detections that found nothing (each listed when verbose), one for those skipped with their top reasons, and the
/// summary with the other sinks' notes.
/// </summary>
public sealed class TableSink(TextWriter writer, bool toTerminal, bool verbose) : IHuntSink
{
    /// <summary>How many evidence events the table shows per finding (json and the store keep 20).</summary>
    public const int EvidenceShown = 3;

    /// <summary>The sinks whose notes end the summary (the store's); they must finish before this one.</summary>
    public IReadOnlyList<ISummaryNote> Notes { get; init; } = [];

    public void Finish(HuntReport report)
    {
        var console = TextConsole.Over(writer, toTerminal);

        var withResults = report.Results.Where(r => r.Result.Rows.Count > 0)
            .OrderByDescending(r => r.Findings.Sum(f => f.Risk.Sum(risk => risk.Score)))
            .ThenByDescending(r => r.Compiled.Detection.RiskScore)
            .ThenBy(r => r.Compiled.Detection.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var result in withResults)
        {
            WriteDetection(console, result);
        }

        var stopped = report.Results.Where(r => r.Result.Failure is not null).ToList();
        foreach (var result in stopped)
        {
            console.Write(new Text($"{result.Compiled.Detection.Name} stopped, so its results are missing: {result.Result.Failure!.Message}\n"));
        }

        var empty = report.Results.Where(r => r.Result.Rows.Count == 0 && r.Result.Failure is null).ToList();
        if (empty.Count > 0)
        {
            var names = verbose ? ": " + string.Join("; ", empty.Select(r => r.Compiled.Detection.Name).Order(StringComparer.Ordinal)) : " (--verbose lists them)";
            console.Write(new Text($"{Plural(empty.Count, "detection")} found nothing{names}\n"));
        }

        var skipped = report.Start.Skipped;
        if (skipped.Count > 0)
        {
            var reasons = skipped.GroupBy(f => f.Causes.Count > 0 ? f.Causes[0] : f.Reason)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5)
                .Select(g => $"{g.Count()} × {g.Key}");
            console.Write(new Text($"{Plural(skipped.Count, "detection")} skipped, as they cannot run here ({string.Join("; ", reasons)}); 'vigil detections' gives each reason\n"));
        }

        console.WriteLine();
        var summary = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, text) in SummaryText.Lines(report, Notes))
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
            : string.Join(", ", detection.RiskObjects.Select(r => $"{r.Score} to {r.Field} ({RiskObjectTypes.Name(r.Type)})"));
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

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in result.Result.Columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }

        foreach (var row in result.Result.Rows)
        {
            table.AddRow(result.Result.Columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(TerminalText.Visible(row[c].ToString()))).ToArray());
        }

        console.Write(table);
        foreach (var finding in result.Findings)
        {
            var raised = finding.Risk.Count > 0 ? string.Join(", ", finding.Risk.Select(r => $"+{r.Score} {r.RiskObject}")) : "no risk";
            console.Write(new Text($"  {raised}: {TerminalText.Visible(finding.RiskMessage ?? string.Empty)}\n"));
            if (finding.Evidence.Count > 0)
            {
                var shown = finding.Evidence.Take(EvidenceShown).Select(Describe);
                var more = finding.EvidenceTotal - Math.Min(EvidenceShown, finding.Evidence.Count);
                console.Write(new Text($"    evidence: {TerminalText.Visible(string.Join("; ", shown))}{(more > 0 ? $" and {more} more" : string.Empty)}\n"));
            }

            foreach (var fact in finding.Triage)
            {
                console.Write(new Text($"    {fact.Label}: {TerminalText.Visible(fact.Value)}\n"));
            }
        }

        if (result.Findings.Count < result.Result.Rows.Count && detection.RiskObjects.Count > 0)
        {
            var silent = result.Result.Rows.Count - result.Findings.Count;
            console.Write(new Text($"  {silent} {(silent == 1 ? "row raises" : "rows raise")} no risk: {(silent == 1 ? "its" : "their")} risk-object fields ({string.Join(", ", detection.RiskObjects.Select(r => r.Field))}) are empty\n"));
        }

        console.WriteLine();
    }

    private static string Describe(EventReference reference) =>
        reference.Time is { } time ? $"{reference.Origin} at {time}" : reference.Origin.ToString();

    private static string Plural(int count, string noun) => $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}";
}
