namespace Vigil.Sinks.Report;

/// <summary>
/// The HTML report: one self-contained page (inline stylesheet, a chart drawn here as inline SVG, no script, nothing
/// fetched) with risk per entity over time, the ATT&amp;CK tactics covered and the findings with their evidence.
/// The page is ASCII (everything else is a character reference), well-formed as XML, and the same bytes for the same
/// data; docs/report.md describes it.
/// </summary>
public static class HtmlReport
{
    public static void Write(TextWriter writer, ReportData data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(data);

        var entities = EntityRisk.Rank(data.RiskEvents);
        WriteHead(writer, data.Title);
        writer.Write("<body>\n");
        WriteHeader(writer, data, entities.Count);
        writer.Write("<main>\n");
        RiskSection.Write(writer, entities);
        TacticsSection.Write(writer, data.Findings, data.RiskEvents);
        FindingsSection.Write(writer, data.Findings);
        writer.Write("</main>\n</body>\n</html>\n");
    }

    private static void WriteHead(TextWriter writer, string title)
    {
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        writer.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        HtmlText.Write(writer, PageStyle.ContentSecurityPolicy);
        writer.Write("\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>");
        HtmlText.Write(writer, title);
        writer.Write("</title>\n<style>");
        writer.Write(PageStyle.Css);
        writer.Write("</style>\n</head>\n");
    }

    private static void WriteHeader(TextWriter writer, ReportData data, int entityCount)
    {
        writer.Write("<header>\n<h1>");
        HtmlText.Write(writer, data.Title);
        writer.Write("</h1>\n<p class=\"muted\">Generated <span class=\"mono\">");
        HtmlText.Write(writer, ReportFormat.Time(data.GeneratedAt));
        writer.Write("</span> by Vigil</p>\n<dl class=\"counts\">\n");
        Count(writer, "findings", "Findings", data.Findings.Count);
        Count(writer, "risk-events", "Risk events", data.RiskEvents.Count);
        Count(writer, "entities", "Entities", entityCount);
        Count(writer, "total-risk", "Total risk", data.RiskEvents.Sum(e => (long)e.RiskScore));
        writer.Write("</dl>\n</header>\n");
    }

    private static void Count(TextWriter writer, string id, string label, long value) =>
        writer.Write($"<div id=\"count-{id}\"><dt>{label}</dt><dd>{ReportFormat.Number(value)}</dd></div>\n");
}
