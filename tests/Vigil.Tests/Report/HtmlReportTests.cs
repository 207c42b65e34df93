using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Vigil.Content.Model;
using Vigil.Sinks.Report;
using static Vigil.Tests.Report.ReportSamples;

namespace Vigil.Tests.Report;

/// <summary>The HTML report's structure, read back with a strict XML parser (the page is written well-formed).</summary>
public sealed class HtmlReportTests
{
    private static readonly DateTimeOffset Noon = new(2025, 2, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Page_has_header_counts_and_the_three_sections()
    {
        var data = Typical();
        var page = Parse(Render(data));

        Assert.Equal("Vigil report", Single(Single(page, "head"), "title").Value);
        Assert.Equal("Vigil report", Single(page, "h1").Value);
        Assert.Contains("2025-03-01T12:00:00Z", Single(page, "header").Value, StringComparison.Ordinal);
        Assert.Equal(data.Findings.Count.ToString(CultureInfo.InvariantCulture), CountValue(page, "findings"));
        Assert.Equal("15", CountValue(page, "risk-events"));
        Assert.Equal("5", CountValue(page, "entities"));
        Assert.Equal(data.RiskEvents.Sum(r => r.RiskScore).ToString(CultureInfo.InvariantCulture), CountValue(page, "total-risk"));
        Assert.Equal(["risk", "tactics", "findings"], Elements(page, "section").Select(s => (string?)s.Attribute("id")));
        Assert.Equal(
            ["Risk per entity over time", "MITRE ATT&CK tactics covered", "Findings"],
            Elements(page, "h2").Select(h => h.Value));
    }

    [Fact]
    public void Chart_draws_one_line_per_entity_for_the_top_eight_and_the_table_lists_all()
    {
        // Ten entities, totals 10..100; two more tie at 100 and are ordered by name.
        var risks = Enumerable.Range(1, 10).Select(i => Risk($"host{i:00}", Noon.AddMinutes(i), i * 10)).ToList();
        risks.Add(Risk("aaa-tie", Noon.AddMinutes(30), 100));
        var page = Parse(Render(Data(risks)));

        var chart = Single(page, "svg");
        var series = Elements(chart, "g").Where(g => HasClass(g, "series")).ToList();
        Assert.Equal(8, series.Count);
        Assert.All(series, g => Assert.Single(Elements(g, "path")));
        var keys = Elements(chart, "rect").Where(r => HasClass(r, "key")).ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"key s{i}"), keys.Select(k => (string?)k.Attribute("class")));

        var rows = Elements(Single(page, "tbody"), "tr").ToList();
        Assert.Equal(11, rows.Count);
        Assert.Equal(["aaa-tie", "host10", "host09"], rows.Take(3).Select(r => Elements(r, "td").First().Value));
        Assert.Equal(8, rows.Count(r => Elements(r, "span").Any(s => HasClass(s, "swatch"))));
        Assert.Equal(["100", "1", "2025-02-27T12:30:00Z", "2025-02-27T12:30:00Z"], Elements(rows[0], "td").Skip(2).Select(c => c.Value));
    }

    [Fact]
    public void A_single_event_is_a_step_inside_the_axis()
    {
        var page = Parse(Render(Data([Risk("web01", Noon, 40)])));

        var path = (string)Single(Single(page, "svg"), "path").Attribute("d")!;
        // From zero at the left edge, along to the event (mid-axis: the window is padded around one instant), up, along to the right edge.
        var match = Regex.Match(path, @"^M72 (\d+)H(\d+)V(\d+)H712$");
        Assert.True(match.Success, path);
        Assert.InRange(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), 380, 404);
        Assert.True(int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) < int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.NotEmpty(TickLabels(page));
    }

    [Fact]
    public void Events_at_one_instant_add_up_into_one_step()
    {
        var page = Parse(Render(Data([Risk("web01", Noon, 10), Risk("WEB01", Noon, 20), Risk("web01", Noon, 30)])));

        var path = (string)Single(Single(page, "svg"), "path").Attribute("d")!;
        Assert.Equal(1, path.Count(c => c == 'V'));
        var row = Single(Single(page, "tbody"), "tr");
        // One entity (case folded), named as its earliest event spells it (at one instant, the ordinally first), with all three events.
        Assert.Equal(["WEB01", "system", "60", "3"], Elements(row, "td").Take(4).Select(c => c.Value));
    }

    [Fact]
    public void Same_name_of_different_types_is_two_entities()
    {
        var page = Parse(Render(Data([Risk("admin", Noon, 10, RiskObjectType.User), Risk("admin", Noon, 10, RiskObjectType.System)])));

        Assert.Equal(2, Elements(Single(page, "svg"), "path").Count());
        Assert.Equal(["admin system", "admin user"], Elements(Single(page, "tbody"), "tr").Select(r => string.Join(" ", Elements(r, "td").Take(2).Select(c => c.Value))));
    }

    [Theory]
    [InlineData(7, @"^\d\d:\d\d:\d\d$")]
    [InlineData(45 * 60, @"^\d\d:\d\d$")]
    [InlineData(20 * 86400, @"^\d{4}-\d\d-\d\d$")]
    [InlineData(300 * 86400, @"^\d{4}-\d\d$")]
    [InlineData(30 * 366 * 86400L, @"^\d{4}$")]
    public void Time_ticks_suit_windows_from_seconds_to_decades(long seconds, string label)
    {
        var page = Parse(Render(Data([Risk("a", Noon, 5), Risk("b", Noon.AddSeconds(seconds), 7)])));

        var ticks = TickLabels(page);
        Assert.InRange(ticks.Count, 2, 8);
        Assert.All(ticks, t => Assert.Matches(label, t));
        Assert.Equal(ticks.Distinct().Count(), ticks.Count);
        Assert.Equal(ticks.Order(StringComparer.Ordinal), ticks);
    }

    [Fact]
    public void Time_scale_keeps_its_ticks_inside_its_window_and_on_calendar_boundaries()
    {
        var start = new DateTime(2019, 5, 17, 13, 0, 0, DateTimeKind.Utc);
        var scale = TimeScale.Over(start.Ticks - DateTime.UnixEpoch.Ticks, start.AddYears(3).Ticks - DateTime.UnixEpoch.Ticks);

        Assert.All(scale.Ticks, t => Assert.InRange(t.Ticks, scale.Start, scale.End));
        Assert.All(scale.Ticks, t => Assert.Equal(1, new DateTime(t.Ticks + DateTime.UnixEpoch.Ticks, DateTimeKind.Utc).Day));
        Assert.Equal(0, scale.Fraction(scale.Start));
        Assert.Equal(1, scale.Fraction(scale.End));
    }

    [Fact]
    public void Times_beyond_what_a_DateTime_holds_do_not_break_the_page()
    {
        var far = Risk("far", Noon, 5) with { Time = new Vigil.Spl.Values.Timestamp(long.MaxValue / 2) };
        var page = Parse(Render(Data([far, Risk("near", Noon, 5)])));

        Assert.Equal(2, Elements(Single(page, "svg"), "path").Count());
        Assert.Contains("9999-12-31T23:59:59Z", Single(page, "tbody").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_scores_extend_the_axis_below_zero()
    {
        var page = Parse(Render(Data([Risk("a", Noon, 30), Risk("a", Noon.AddMinutes(5), -50)])));

        var labels = Elements(Single(page, "svg"), "text").Where(t => HasClass(t, "tick") && (string?)t.Attribute("text-anchor") == "end").Select(t => t.Value).ToList();
        Assert.Equal("-20", labels[0]);
        Assert.Contains("0", labels);
        Assert.Contains("30", labels);
    }

    [Fact]
    public void Without_risk_events_the_section_says_so_instead_of_drawing()
    {
        var page = Parse(Render(Data([], [Finding("f-1", Noon)])));

        Assert.Empty(Elements(page, "svg"));
        Assert.Empty(Elements(page, "table"));
        var risk = Elements(page, "section").Single(s => (string?)s.Attribute("id") == "risk");
        Assert.Contains("No risk events", risk.Value, StringComparison.Ordinal);
        Assert.Equal("0", CountValue(page, "entities"));
        Assert.Equal("0", CountValue(page, "total-risk"));
    }

    [Fact]
    public void An_empty_report_is_still_a_whole_page()
    {
        var page = Parse(Render(Data([])));

        Assert.Contains("No findings", Elements(page, "section").Single(s => (string?)s.Attribute("id") == "findings").Value, StringComparison.Ordinal);
        Assert.Equal(14, Elements(page, "li").Count(l => HasClass(l, "uncovered")));
    }

    [Fact]
    public void Tactics_are_the_fourteen_in_kill_chain_order_with_counts()
    {
        var risks = new[]
        {
            Risk("a", Noon, 5, tactics: ["persistence", "defense-evasion"]),
            Risk("b", Noon, 5, tactics: ["Defense Evasion"]),
            Risk("c", Noon, 5, tactics: ["exfiltration", "exfiltration"]),
        };
        var findings = new[] { Finding("f-1", Noon, tactics: ["persistence", "persistence"]), Finding("f-2", Noon, tactics: ["Made Up", "impact"]) };
        var page = Parse(Render(Data(risks, findings)));

        var tactics = Elements(page, "li").Where(l => HasClass(l, "tactic")).ToList();
        Assert.Equal(
            ["reconnaissance", "resource-development", "initial-access", "execution", "persistence", "privilege-escalation", "defense-evasion",
             "credential-access", "discovery", "lateral-movement", "collection", "command-and-control", "exfiltration", "impact"],
            tactics.Select(l => ((string)l.Attribute("id")!)["tactic-".Length..]));
        Assert.Equal("1 finding \u00b7 1 risk event", Hits(tactics, "persistence"));
        Assert.Equal("0 findings \u00b7 2 risk events", Hits(tactics, "defense-evasion"));
        Assert.Equal("0 findings \u00b7 1 risk event", Hits(tactics, "exfiltration"));
        Assert.Equal("1 finding \u00b7 0 risk events", Hits(tactics, "impact"));
        Assert.Equal("not seen", Hits(tactics, "discovery"));
        Assert.Equal(4, tactics.Count(l => HasClass(l, "covered")));
        // A name that is none of the 14 is listed after them, as the data spells it.
        Assert.Equal("Made Up 1 finding \u00b7 0 risk events", Elements(page, "ul").Single(u => HasClass(u, "other-tactics")).Value.Trim());
    }

    [Fact]
    public void Findings_are_newest_first_with_evidence_and_triage()
    {
        var evidence = new[] { Evidence(7, Noon), Evidence(9, Noon) };
        var findings = new[]
        {
            Finding("old", Noon.AddDays(-1)),
            Finding("untimed", null),
            Finding("new", Noon, evidence: evidence, evidenceTotal: 12),
        };
        var page = Parse(Render(Data([], findings)));

        var articles = Elements(page, "article").ToList();
        Assert.Equal(["new", "old", "untimed"], articles.Select(a => Single(Single(a, "p"), "code").Value));
        var newest = articles[0];
        Assert.Contains("2025-02-27T12:00:00Z", Single(newest, "p").Value, StringComparison.Ordinal);
        var items = Elements(Single(newest, "ol"), "li").Select(l => l.Value).ToList();
        Assert.Equal(
            ["samples/Application.xmlwineventlog.log line 7 2025-02-27T12:00:00Z", "samples/Application.xmlwineventlog.log line 9 2025-02-27T12:00:00Z", "and 10 more"],
            items);
        Assert.Equal(["Evidence: 12 events", "Triage"], Elements(newest, "h4").Select(h => h.Value));
        var facts = Elements(newest, "dt").Zip(Elements(newest, "dd"), (t, d) => (t.Value, d.Value)).ToList();
        Assert.Contains(("Module", "C:\\inetsrv\\evil.dll"), facts);
        Assert.Contains(("Tactics", "Persistence"), facts);
        Assert.Contains(("Techniques", "T1505.004"), facts);
        Assert.Contains(("Risk objects", "web01"), facts);
        Assert.Contains("no time", Single(articles[2], "p").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_in_every_field_stays_text()
    {
        var html = Render(HostileData());
        var page = Parse(html);

        // Well-formed (Parse did not throw), and nothing the data held became markup.
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "img" or "iframe" or "object" or "embed");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        Assert.Equal(HostileShown, Single(Single(page, "head"), "title").Value);
        Assert.Equal(HostileShown, Single(page, "h1").Value);
        Assert.Equal(HostileShown, Single(page, "h3").Value);
        Assert.Equal(HostileShown, Elements(Single(page, "tbody"), "td").First().Value);
        Assert.Equal(HostileShown, Elements(Elements(page, "ol").Single(o => HasClass(o, "evidence")), "code").First().Value);
        Assert.Contains(HostileShown + " (other): 50", Single(page, "svg").Value, StringComparison.Ordinal);
        var facts = Elements(Single(page, "article"), "dd").Select(d => d.Value).ToList();
        // Risk objects, message, techniques, tactics, stories, and the triage fact's value (its label is a dt).
        Assert.Equal(6, facts.Count(f => f == HostileShown));
        Assert.Contains(HostileShown, Elements(Single(page, "article"), "dt").Select(d => d.Value));
        Assert.Equal(HostileShown, Single(Elements(page, "ul").Single(u => HasClass(u, "other-tactics")), "code").Value);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', html);
        Assert.DoesNotContain('\u202e', html);
    }

    [Fact]
    public void Page_loads_nothing_from_anywhere()
    {
        var html = Render(Typical());
        var page = Parse(html);

        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href" or "srcset" or "xlink:href" or "action" or "data");
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Value.Contains("//", StringComparison.Ordinal));
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object" or "embed" or "base");
    }

    [Fact]
    public void Policy_allows_exactly_the_page_stylesheet_and_nothing_else()
    {
        var page = Parse(Render(Typical()));

        var policy = (string)Elements(page, "meta").Single(m => (string?)m.Attribute("http-equiv") == "Content-Security-Policy").Attribute("content")!;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Single(page, "style").Value)));
        Assert.Equal($"default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'", policy);
        // Inline style attributes would be refused under this policy; the page uses classes only.
        Assert.Empty(page.Descendants().Attributes("style"));
    }

    [Fact]
    public void Same_data_gives_the_same_ascii_bytes_in_any_culture()
    {
        var data = Typical();
        var first = Render(data);
        var previous = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "ar-SA", "de-DE", "fa-IR", "th-TH" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                Assert.Equal(first, Render(data));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.All(first, c => Assert.InRange(c, '\t', '\x7e'));
        Assert.Equal(first, Render(data with { RiskEvents = [.. data.RiskEvents.Reverse()], Findings = [.. data.Findings.Reverse()] }));
    }

    [Fact]
    public void Escaping_shows_hidden_characters_and_references_everything_non_ascii()
    {
        Assert.Equal("caf&#xE9; &#x1F600; [U+202E]gpj.exe [U+E0041] [U+DC00] a\nb\nc", HtmlText.Escape("caf\u00e9 \U0001F600 \u202egpj.exe \U000E0041 \udc00 a\r\nb\rc"));
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", HtmlText.Escape("<a href=\"x\" title='y'>&"));
    }

    private static List<string> TickLabels(XDocument page) =>
        Elements(Single(page, "svg"), "text").Where(t => HasClass(t, "tick") && (string?)t.Attribute("text-anchor") == "middle").Select(t => t.Value).ToList();

    private static string Hits(List<XElement> tactics, string name) =>
        Elements(tactics.Single(l => (string?)l.Attribute("id") == "tactic-" + name), "span").Single(s => HasClass(s, "hits")).Value;

    private static string CountValue(XDocument page, string id) =>
        Single(Elements(page, "div").Single(d => (string?)d.Attribute("id") == "count-" + id), "dd").Value.Replace(",", "", StringComparison.Ordinal);

    private static bool HasClass(XElement element, string name) =>
        ((string?)element.Attribute("class") ?? "").Split(' ').Contains(name, StringComparer.Ordinal);

    private static IEnumerable<XElement> Elements(XContainer root, string name) => root.Descendants().Where(e => e.Name.LocalName == name);

    private static XElement Single(XContainer root, string name) => Assert.Single(Elements(root, name));
}
