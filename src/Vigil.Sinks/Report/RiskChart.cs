using System.Globalization;
using System.Text;

namespace Vigil.Sinks.Report;

/// <summary>
/// Draws the risk-over-time chart as inline SVG: one step line per entity (its running risk total), time and score
/// axes with gridlines, and a legend. Coordinates are whole pixels and the SVG is drawn at its own size, so with
/// crisp edges every line is solid in its colour (no blending), which is what the browser test looks for.
/// </summary>
internal static class RiskChart
{
    public const int Width = 960;
    public const int Height = 410;

    private const int PlotLeft = 72;
    private const int PlotRight = 712;
    private const int PlotTop = 16;
    private const int PlotBottom = 336;
    private const int LegendLeft = 736;
    private const int LegendRow = 36;
    private const int LegendNameLength = 26;

    public static void Write(TextWriter writer, IReadOnlyList<EntityRisk> entities)
    {
        var time = TimeScale.Over(entities.Min(e => e.FirstTicks), entities.Max(e => e.LastTicks));
        var score = ScoreScale.Over(entities.Min(e => e.Steps.Min(s => s.Cumulative)), entities.Max(e => e.Steps.Max(s => s.Cumulative)));

        writer.Write(Invariant($"<svg class=\"chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"risk-chart-title\">\n"));
        writer.Write("<title id=\"risk-chart-title\">Running risk score per entity over time (UTC)</title>\n");
        writer.Write(Invariant($"<rect class=\"plot\" x=\"{PlotLeft}\" y=\"{PlotTop}\" width=\"{PlotRight - PlotLeft}\" height=\"{PlotBottom - PlotTop}\"/>\n"));
        WriteGrid(writer, time, score);
        WriteAxes(writer, time, score);

        // Lower ranks first, so where lines coincide the higher-risk entity is the one on top.
        for (var rank = entities.Count - 1; rank >= 0; rank--)
        {
            WriteSeries(writer, entities[rank], rank, time, score);
        }

        WriteLegend(writer, entities);
        writer.Write("</svg>\n");
    }

    private static void WriteGrid(TextWriter writer, TimeScale time, ScoreScale score)
    {
        writer.Write("<g class=\"grid\">\n");
        foreach (var tick in time.Ticks)
        {
            var x = X(time, tick.Ticks);
            writer.Write(Invariant($"<line x1=\"{x}\" y1=\"{PlotTop}\" x2=\"{x}\" y2=\"{PlotBottom}\"/>\n"));
        }

        foreach (var value in score.Ticks)
        {
            var y = Y(score, value);
            writer.Write(Invariant($"<line x1=\"{PlotLeft}\" y1=\"{y}\" x2=\"{PlotRight}\" y2=\"{y}\"/>\n"));
        }

        writer.Write("</g>\n");
    }

    private static void WriteAxes(TextWriter writer, TimeScale time, ScoreScale score)
    {
        writer.Write("<g class=\"axis\">\n");
        writer.Write(Invariant($"<line x1=\"{PlotLeft}\" y1=\"{PlotBottom}\" x2=\"{PlotRight}\" y2=\"{PlotBottom}\"/>\n"));
        writer.Write(Invariant($"<line x1=\"{PlotLeft}\" y1=\"{PlotTop}\" x2=\"{PlotLeft}\" y2=\"{PlotBottom}\"/>\n"));
        foreach (var tick in time.Ticks)
        {
            var x = X(time, tick.Ticks);
            writer.Write(Invariant($"<line x1=\"{x}\" y1=\"{PlotBottom}\" x2=\"{x}\" y2=\"{PlotBottom + 5}\"/>\n"));
            writer.Write(Invariant($"<text class=\"tick\" x=\"{x}\" y=\"{PlotBottom + 18}\" text-anchor=\"middle\">{tick.Label}</text>\n"));
            if (tick.DateLine is { } date)
            {
                writer.Write(Invariant($"<text class=\"sub\" x=\"{x}\" y=\"{PlotBottom + 32}\" text-anchor=\"middle\">{date}</text>\n"));
            }
        }

        foreach (var value in score.Ticks)
        {
            var y = Y(score, value);
            writer.Write(Invariant($"<line x1=\"{PlotLeft - 5}\" y1=\"{y}\" x2=\"{PlotLeft}\" y2=\"{y}\"/>\n"));
            writer.Write(Invariant($"<text class=\"tick\" x=\"{PlotLeft - 8}\" y=\"{y + 4}\" text-anchor=\"end\">{ReportFormat.Number(value)}</text>\n"));
        }

        writer.Write(Invariant($"<text class=\"title\" x=\"{(PlotLeft + PlotRight) / 2}\" y=\"{Height - 8}\" text-anchor=\"middle\">time (UTC)</text>\n"));
        writer.Write(Invariant($"<text class=\"title\" transform=\"rotate(-90)\" x=\"{-(PlotTop + PlotBottom) / 2}\" y=\"16\" text-anchor=\"middle\">running risk score</text>\n"));
        writer.Write("</g>\n");
    }

    /// <summary>
    /// A step line: flat at zero from the start of the axis, up (or down) at each instant the entity gained risk, flat
    /// to the end. Steps that land on the same pixel merge, so the path stays small however many events there are.
    /// </summary>
    private static void WriteSeries(TextWriter writer, EntityRisk entity, int rank, TimeScale time, ScoreScale score)
    {
        var x = PlotLeft;
        var y = Y(score, 0);
        var path = new StringBuilder(Invariant($"M{x} {y}"));
        foreach (var step in entity.Steps)
        {
            var stepX = X(time, step.Ticks);
            var stepY = Y(score, step.Cumulative);
            if (stepX != x)
            {
                path.Append(Invariant($"H{stepX}"));
                x = stepX;
            }

            if (stepY != y)
            {
                path.Append(Invariant($"V{stepY}"));
                y = stepY;
            }
        }

        if (x != PlotRight)
        {
            path.Append(Invariant($"H{PlotRight}"));
        }

        writer.Write(Invariant($"<g class=\"series s{rank}\"><title>"));
        HtmlText.Write(writer, Invariant($"{entity.Name} ({entity.Type}): {ReportFormat.Number(entity.Total)}"));
        writer.Write(Invariant($"</title><path d=\"{path}\"/></g>\n"));
    }

    private static void WriteLegend(TextWriter writer, IReadOnlyList<EntityRisk> entities)
    {
        writer.Write("<g class=\"legend\">\n");
        for (var rank = 0; rank < entities.Count; rank++)
        {
            var entity = entities[rank];
            var top = PlotTop + (rank * LegendRow);
            writer.Write(Invariant($"<rect class=\"key s{rank}\" x=\"{LegendLeft}\" y=\"{top + 2}\" width=\"12\" height=\"12\"/>\n"));
            writer.Write(Invariant($"<text x=\"{LegendLeft + 18}\" y=\"{top + 12}\">"));
            HtmlText.Write(writer, Shorten(entity.Name));
            writer.Write("<title>");
            HtmlText.Write(writer, entity.Name);
            writer.Write(Invariant($"</title></text>\n<text class=\"sub\" x=\"{LegendLeft + 18}\" y=\"{top + 26}\">"));
            HtmlText.Write(writer, $"{entity.Type} \u00b7 total {ReportFormat.Number(entity.Total)}");
            writer.Write("</text>\n");
        }

        writer.Write("</g>\n");
    }

    /// <summary>A legend name cut to fit beside the plot (SVG text does not wrap); the full name is its tooltip and in the table.</summary>
    private static string Shorten(string name)
    {
        if (name.Length <= LegendNameLength)
        {
            return name;
        }

        var cut = char.IsHighSurrogate(name[LegendNameLength - 2]) ? LegendNameLength - 2 : LegendNameLength - 1;
        return string.Concat(name.AsSpan(0, cut), "\u2026");
    }

    private static int X(TimeScale time, long ticks) => PlotLeft + (int)Math.Round(time.Fraction(ticks) * (PlotRight - PlotLeft));

    private static int Y(ScoreScale score, long value) => PlotBottom - (int)Math.Round(score.Fraction(value) * (PlotBottom - PlotTop));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
