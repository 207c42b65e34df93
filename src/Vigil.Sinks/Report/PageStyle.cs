using System.Security.Cryptography;
using System.Text;

namespace Vigil.Sinks.Report;

/// <summary>
/// The page's one stylesheet, its colours, and the Content-Security-Policy that allows exactly this stylesheet and
/// nothing else: no script, no image, no font, no request of any kind. Markup that hostile data might still smuggle
/// in would then do nothing and be reported by the browser (which the browser test watches for).
/// </summary>
internal static class PageStyle
{
    /// <summary>
    /// One colour per charted entity, by rank: picked to stay apart from each other, for the common colour-vision
    /// deficiencies, and from the greys of text, axes and grid (the browser test finds each line by its colour).
    /// </summary>
    public static readonly IReadOnlyList<string> SeriesColors =
        ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#6a3d9a"];

    /// <summary>The plot area's fill: a tint no text or line uses, so a screenshot's plot can be found by it.</summary>
    public const string PlotBackground = "#f3f6fb";

    public static string Css { get; } = BuildCss();

    public static string ContentSecurityPolicy { get; } =
        "default-src 'none'; style-src 'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'; " +
        "base-uri 'none'; form-action 'none'";

    private static string BuildCss()
    {
        var css = new StringBuilder("""
            :root{color-scheme:light;--ink:#1b1f24;--muted:#59616b;--rule:#d5dbe3;--soft:#eef1f5}
            *{box-sizing:border-box}
            body{margin:0 auto;max-width:1200px;padding:24px 28px 48px;color:var(--ink);background:#fff;font:14px/1.45 system-ui,"Segoe UI","DejaVu Sans",sans-serif}
            h1{font-size:24px;margin:0 0 2px}
            h2{font-size:19px;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--rule)}
            h3{font-size:15px;margin:0}
            h4{font-size:13px;margin:12px 0 4px;color:var(--muted)}
            code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
            .muted,.caption{color:var(--muted)}
            .caption{max-width:80ch;margin:0 0 10px}
            .empty{padding:16px;background:var(--soft);border-radius:6px}
            .counts{display:flex;flex-wrap:wrap;gap:12px;margin:14px 0 0;padding:0}
            .counts div{min-width:130px;padding:8px 14px;background:var(--soft);border-radius:6px}
            .counts dt{font-size:12px;color:var(--muted)}
            .counts dd{margin:0;font-size:22px;font-weight:600}
            .chart{display:block;margin:4px 0 12px;font-size:11px}
            .chart text{fill:var(--ink)}
            .chart .plot{fill:PLOT}
            .chart .grid line{stroke:#dfe4eb;stroke-width:1;shape-rendering:crispEdges}
            .chart .axis line{stroke:var(--muted);stroke-width:1;shape-rendering:crispEdges}
            .chart .tick,.chart .sub{fill:var(--muted)}
            .chart .title{font-size:12px;fill:var(--muted)}
            .series path{fill:none;stroke:var(--c);stroke-width:2;shape-rendering:crispEdges}
            .chart .key{fill:var(--c);shape-rendering:crispEdges}
            .swatch{display:inline-block;width:11px;height:11px;margin-right:6px;border-radius:2px;background:var(--c)}
            table{border-collapse:collapse;margin:4px 0}
            th,td{padding:4px 10px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
            th{font-size:12px;color:var(--muted);font-weight:600}
            td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            td.mono,th.num{white-space:nowrap}
            .tactics{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));gap:8px;list-style:none;margin:0;padding:0}
            .tactics li{padding:8px 10px;border:1px solid var(--rule);border-radius:6px;min-height:76px}
            .tactics li.covered{background:#e7f3ec;border-color:#7fbf98}
            .tactics li.uncovered{color:var(--muted)}
            .tactics .name{display:block;font-weight:600}
            .tactics .id,.tactics .hits{display:block;font-size:12px}
            .finding{margin:0 0 14px;padding:12px 16px;border:1px solid var(--rule);border-radius:6px}
            .finding .meta{margin:2px 0 8px;color:var(--muted)}
            .finding .score{font-weight:600;color:var(--ink)}
            dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}
            dl.facts dt{color:var(--muted)}
            dl.facts dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
            ol.evidence{margin:0;padding-left:22px}
            ol.evidence li{overflow-wrap:anywhere}
            .more{list-style:none;color:var(--muted)}

            """);
        css.Replace("PLOT", PlotBackground);
        for (var i = 0; i < SeriesColors.Count; i++)
        {
            css.Append(".s").Append(i).Append("{--c:").Append(SeriesColors[i]).Append("}\n");
        }

        return css.ToString();
    }
}
