using System.Globalization;
using Spectre.Console;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Findings.Risk;
using Vigil.Sinks;
using Vigil.Store;

namespace Vigil.Cli.Output;

/// <summary>Stored findings for a person: a list (one row each), or one finding in full.</summary>
internal static class FindingsTable
{
    /// <summary>Enough of an id to tell findings apart and to give back to 'vigil findings ID'.</summary>
    public const int IdShown = 12;

    public static void WriteList(IAnsiConsole console, IReadOnlyList<StoredFinding> findings, TimeZoneInfo zone)
    {
        var table = TextConsole.NewTable("id", "time", "detection", "risk", "evidence", "message");
        foreach (var finding in findings.Select(f => f.Finding))
        {
            TextConsole.AddRow(
                table,
                finding.Id[..IdShown],
                StoredTimes.Short(finding.Time, zone),
                finding.Detection.Name,
                Risk(finding),
                finding.EvidenceTotal.ToString("N0", CultureInfo.InvariantCulture),
                finding.RiskMessage ?? string.Empty);
        }

        console.Write(table);
    }

    public static void WriteDetail(IAnsiConsole console, FindingDetail detail, TimeZoneInfo zone)
    {
        var finding = detail.Stored.Finding;
        var detection = finding.Detection;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Line(string label, string text) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(TerminalText.Visible(text)));

        Line("finding", finding.Id);
        Line("detection", $"{detection.Name} ({detection.Id})");
        Line("search name", finding.SearchName);
        Line("time", $"{StoredTimes.Short(finding.Time, zone)} (first event {StoredTimes.Short(finding.FirstTime, zone)})");
        Line("risk", Risk(finding));
        Line("message", finding.RiskMessage ?? "-");
        if (finding.Threats.Count > 0)
        {
            Line("threats", string.Join(", ", finding.Threats.Select(t => $"{t.ThreatObject} ({t.Type})")));
        }

        var tactics = AttackTactics.Shipped.Of(detection.MitreAttackIds);
        Line("MITRE", detection.MitreAttackIds.Count == 0 ? "-" : $"{string.Join(", ", detection.MitreAttackIds)} ({string.Join(", ", tactics)})");
        Line("story", detection.AnalyticStories.Count == 0 ? "-" : string.Join(", ", detection.AnalyticStories));
        Line("result", string.Join("  ", finding.Columns.Select(c => $"{c}={string.Join(", ", finding.Result[c].Values)}")));
        var evidence = finding.Evidence.Select(Describe).ToList();
        if (finding.EvidenceTotal > evidence.Count)
        {
            evidence.Add($"and {finding.EvidenceTotal - evidence.Count} more events");
        }

        Line("evidence", evidence.Count == 0 ? "-" : string.Join("\n", evidence));
        foreach (var fact in finding.Triage)
        {
            Line(fact.Label, fact.Value);
        }

        Line("seen by", string.Join("\n", detail.Runs.Select(r => $"run {r.Id} at {StoredTimes.Short(r.StartedAt, zone)} over {string.Join(", ", r.Inputs.Select(i => i.FullPath))}")));
        console.Write(grid);
    }

    private static string Risk(Finding finding) =>
        finding.Risk.Count == 0 ? "-" : string.Join(", ", finding.Risk.Select(r => $"+{r.Score} {r.RiskObject} ({RiskObjectTypes.Name(r.Type)})"));

    private static string Describe(EventReference reference) =>
        reference.Time is { } time ? $"{reference.Origin} at {time}" : reference.Origin.ToString();
}
