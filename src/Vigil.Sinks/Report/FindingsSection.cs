namespace Vigil.Sinks.Report;

/// <summary>
/// "Findings", newest first: for each, what fired, when, on what and how much risk; its message and ATT&amp;CK
/// mapping; the events behind it (file and place in it, so each can be looked up) and its triage facts.
/// </summary>
internal static class FindingsSection
{
    public static void Write(TextWriter writer, IReadOnlyList<ReportFinding> findings)
    {
        writer.Write("<section id=\"findings\">\n<h2>Findings</h2>\n");
        if (findings.Count == 0)
        {
            writer.Write("<p class=\"empty\">No findings: no detection matched.</p>\n</section>\n");
            return;
        }

        writer.Write("<p class=\"caption\">Newest first; a finding without a time comes last. Times are UTC.</p>\n");
        var newestFirst = findings
            .OrderBy(f => f.Time is null)
            .ThenByDescending(f => f.Time)
            .ThenBy(f => f.Detection, StringComparer.Ordinal)
            .ThenBy(f => f.Id, StringComparer.Ordinal);
        foreach (var finding in newestFirst)
        {
            WriteFinding(writer, finding);
        }

        writer.Write("</section>\n");
    }

    private static void WriteFinding(TextWriter writer, ReportFinding finding)
    {
        writer.Write("<article class=\"finding\">\n<h3>");
        HtmlText.Write(writer, finding.Detection);
        writer.Write("</h3>\n<p class=\"meta\"><span class=\"mono\">");
        HtmlText.Write(writer, ReportFormat.Time(finding.Time));
        writer.Write($"</span> &#183; risk <span class=\"score\">{ReportFormat.Number(finding.RiskScore)}</span> &#183; id <code>");
        HtmlText.Write(writer, finding.Id);
        writer.Write("</code></p>\n<dl class=\"facts\">\n");
        Fact(writer, "Risk objects", finding.RiskObjects);
        if (finding.RiskMessage is { Length: > 0 } message)
        {
            Fact(writer, "Message", message);
        }

        Fact(writer, "Techniques", finding.MitreTechniques);
        Fact(writer, "Tactics", finding.MitreTactics.Select(KillChain.DisplayName).ToList());
        Fact(writer, "Analytic stories", finding.AnalyticStories);
        writer.Write("</dl>\n");
        WriteEvidence(writer, finding);
        WriteTriage(writer, finding.Triage);
        writer.Write("</article>\n");
    }

    private static void WriteEvidence(TextWriter writer, ReportFinding finding)
    {
        var total = Math.Max(finding.EvidenceTotal, finding.Evidence.Count);
        writer.Write($"<h4>Evidence: {ReportFormat.Count(total, "event", "events")}</h4>\n");
        if (total == 0)
        {
            writer.Write("<p class=\"muted\">No event is recorded for this finding.</p>\n");
            return;
        }

        writer.Write("<ol class=\"evidence\">\n");
        foreach (var evidence in finding.Evidence)
        {
            writer.Write("<li><code>");
            HtmlText.Write(writer, evidence.Path);
            writer.Write("</code> ");
            HtmlText.Write(writer, evidence.Location);
            writer.Write(" <span class=\"muted mono\">");
            HtmlText.Write(writer, ReportFormat.Time(evidence.Time));
            writer.Write("</span></li>\n");
        }

        if (total > finding.Evidence.Count)
        {
            writer.Write($"<li class=\"more\">and {ReportFormat.Number(total - finding.Evidence.Count)} more</li>\n");
        }

        writer.Write("</ol>\n");
    }

    private static void WriteTriage(TextWriter writer, IReadOnlyList<(string Label, string Value)> triage)
    {
        if (triage.Count == 0)
        {
            return;
        }

        writer.Write("<h4>Triage</h4>\n<dl class=\"facts triage\">\n");
        foreach (var (label, value) in triage)
        {
            Fact(writer, label, value);
        }

        writer.Write("</dl>\n");
    }

    private static void Fact(TextWriter writer, string label, IReadOnlyList<string> values) =>
        Fact(writer, label, values.Count == 0 ? "none" : string.Join(", ", values));

    private static void Fact(TextWriter writer, string label, string value)
    {
        writer.Write("<dt>");
        HtmlText.Write(writer, label);
        writer.Write("</dt><dd>");
        HtmlText.Write(writer, value);
        writer.Write("</dd>\n");
    }
}
