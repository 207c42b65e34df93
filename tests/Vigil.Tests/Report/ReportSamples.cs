using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Vigil.Content.Model;
using Vigil.Findings.Risk;
using Vigil.Sinks.Report;
using Vigil.Spl.Values;

namespace Vigil.Tests.Report;

/// <summary>Report data for the HTML report tests, and the page they make, parsed.</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset Generated = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Markup, quotes, an entity, controls, a right-to-left override and an unpaired surrogate.</summary>
    public const string Hostile = "<script>console.error('pwned')</script>\"'&amp; <img src=x onerror=alert(1)>\u0000\u0007\u001b\u202e" +
                                  "]]><!-- </style></title>\r\n\ud800x";

    /// <summary><see cref="Hostile"/> as the page must show it: the same text, hidden characters made visible.</summary>
    public const string HostileShown = "<script>console.error('pwned')</script>\"'&amp; <img src=x onerror=alert(1)>[U+0000][U+0007][U+001B][U+202E]" +
                                       "]]><!-- </style></title>\n[U+D800]x";

    public static RiskEvent Risk(
        string entity,
        DateTimeOffset time,
        int score,
        RiskObjectType type = RiskObjectType.System,
        IReadOnlyList<string>? tactics = null,
        string finding = "f-1",
        string text = "risk message") =>
        new(finding, Timestamp.FromDateTime(time.UtcDateTime), entity, type, score, text, "ESCU - Some Detection - Rule",
            ["Some Story"], ["T1505.004"], tactics ?? ["persistence"], ["C:\\evil.dll"], ["file_path"]);

    public static ReportFinding Finding(
        string id,
        DateTimeOffset? time,
        string detection = "Windows IIS Components Module Failed to Load",
        IReadOnlyList<string>? tactics = null,
        IReadOnlyList<ReportEvidence>? evidence = null,
        long? evidenceTotal = null) =>
        new(id, detection, time, ["web01"], 40, "A module failed to load on web01", ["T1505.004"], tactics ?? ["persistence"],
            ["IIS Components"], evidence ?? [new ReportEvidence("logs/Application.evtx", "chunk 0, record 12, offset 0x1200", time)],
            evidenceTotal ?? evidence?.Count ?? 1, [("Module", "C:\\inetsrv\\evil.dll"), ("Host", "web01")]);

    public static ReportData Data(IReadOnlyList<RiskEvent> risks, IReadOnlyList<ReportFinding>? findings = null, string title = "Vigil report") =>
        new(title, Generated, risks, findings ?? []);

    /// <summary>
    /// Five entities over a day, each with its own rises, so no line hides another; a finding for each risk event.
    /// </summary>
    public static ReportData Typical()
    {
        var day = new DateTimeOffset(2025, 2, 27, 0, 0, 0, TimeSpan.Zero);
        var risks = new List<RiskEvent>();
        string[] hosts = ["web01", "dc01", "alice", "fileserver", "bob"];
        for (var i = 0; i < hosts.Length; i++)
        {
            var type = hosts[i] is "alice" or "bob" ? RiskObjectType.User : RiskObjectType.System;
            for (var k = 0; k <= i; k++)
            {
                risks.Add(Risk(hosts[i], day.AddHours(2 + (3 * k) + i), 10 + (8 * (hosts.Length - i)), type,
                    k % 2 == 0 ? ["persistence", "defense-evasion"] : ["execution"], finding: $"f-{i}-{k}"));
            }
        }

        var findings = risks.Select((r, n) => Finding(r.FindingId, r.Time.ToDateTime(),
            tactics: r.MitreTactics, evidence: n == 0 ? [.. Enumerable.Range(1, 3).Select(e => Evidence(e, r.Time.ToDateTime()))] : null,
            evidenceTotal: n == 0 ? 25 : null)).ToList();
        return Data(risks, findings);
    }

    public static ReportEvidence Evidence(int record, DateTimeOffset time) =>
        new("samples/Application.xmlwineventlog.log", "line " + record.ToString(CultureInfo.InvariantCulture), time);

    /// <summary>Every string the page shows from the data set to <see cref="Hostile"/>.</summary>
    public static ReportData HostileData()
    {
        var time = new DateTimeOffset(2025, 2, 27, 10, 0, 0, TimeSpan.Zero);
        var risk = new RiskEvent(Hostile, Timestamp.FromDateTime(time.UtcDateTime), Hostile, RiskObjectType.Other, 50, Hostile, Hostile,
            [Hostile], [Hostile], [Hostile], [Hostile], [Hostile]);
        var finding = new ReportFinding(Hostile, Hostile, time, [Hostile], 50, Hostile, [Hostile], [Hostile], [Hostile],
            [new ReportEvidence(Hostile, Hostile, time)], 2, [(Hostile, Hostile)]);
        return new ReportData(Hostile, Generated, [risk], [finding]);
    }

    public static string Render(ReportData data)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        HtmlReport.Write(writer, data);
        return writer.ToString();
    }

    /// <summary>The page as XML: it is written well-formed, so a strict parser reading it is itself a check.</summary>
    public static XDocument Parse(string html)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(html), settings);
        return XDocument.Load(reader);
    }
}
