namespace Vigil.Sinks.Report;

/// <summary>
/// "Risk per entity over time": the chart of the highest-risk entities, and beneath it every entity as a table, which
/// says the same in words for readers (and screen readers) the chart does not serve.
/// </summary>
internal static class RiskSection
{
    /// <summary>How many entities the chart draws; more lines than this stop being told apart by colour.</summary>
    public const int ChartedEntities = 8;

    public static void Write(TextWriter writer, IReadOnlyList<EntityRisk> entities)
    {
        writer.Write("<section id=\"risk\">\n<h2>Risk per entity over time</h2>\n");
        if (entities.Count == 0)
        {
            writer.Write("<p class=\"empty\">No risk events: no finding named a risk object, so there is no risk to chart.</p>\n</section>\n");
            return;
        }

        var charted = entities.Take(ChartedEntities).ToList();
        writer.Write("<p class=\"caption\">Each line is one entity's running total of risk score: flat at zero until its first risk event, ");
        writer.Write("then one step at every instant it gained risk (risk events at the same instant add up into one step). ");
        writer.Write(charted.Count == entities.Count
            ? "Every entity is drawn. "
            : $"The {ReportFormat.Number(charted.Count)} of {ReportFormat.Number(entities.Count)} entities with the highest total risk are drawn; the table lists all. ");
        writer.Write("An entity is a risk object of one type, its name compared without case. Where lines coincide, the higher-risk one is drawn on top. Times are UTC.</p>\n");
        RiskChart.Write(writer, charted);
        WriteTable(writer, entities, charted.Count);
        writer.Write("</section>\n");
    }

    private static void WriteTable(TextWriter writer, IReadOnlyList<EntityRisk> entities, int charted)
    {
        writer.Write("<table class=\"entities\">\n<thead><tr><th>Entity</th><th>Type</th><th class=\"num\">Total risk</th>");
        writer.Write("<th class=\"num\">Risk events</th><th>First</th><th>Last</th></tr></thead>\n<tbody>\n");
        for (var rank = 0; rank < entities.Count; rank++)
        {
            var entity = entities[rank];
            writer.Write("<tr><td>");
            if (rank < charted)
            {
                writer.Write($"<span class=\"swatch s{ReportFormat.Integer(rank)}\"></span>");
            }

            HtmlText.Write(writer, entity.Name);
            writer.Write("</td><td>");
            HtmlText.Write(writer, entity.Type);
            writer.Write($"</td><td class=\"num\">{ReportFormat.Number(entity.Total)}</td><td class=\"num\">{ReportFormat.Number(entity.Events)}</td>");
            writer.Write($"<td class=\"mono\">{ReportFormat.UnixTime(entity.FirstTicks)}</td>");
            writer.Write($"<td class=\"mono\">{ReportFormat.UnixTime(entity.LastTicks)}</td></tr>\n");
        }

        writer.Write("</tbody>\n</table>\n");
    }
}
