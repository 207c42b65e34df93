using Vigil.Findings.Risk;

namespace Vigil.Sinks.Report;

/// <summary>
/// "MITRE ATT&amp;CK tactics covered": the 14 Enterprise tactics in kill-chain order, each with how many findings and
/// risk events touch it, so gaps in the chain show at a glance. Tactic names in the data that are none of the 14 are
/// listed after it rather than dropped.
/// </summary>
internal static class TacticsSection
{
    public static void Write(TextWriter writer, IReadOnlyList<ReportFinding> findings, IReadOnlyList<RiskEvent> riskEvents)
    {
        var byFinding = CountTouches(findings.Select(f => f.MitreTactics));
        var byRiskEvent = CountTouches(riskEvents.Select(e => e.MitreTactics));
        var covered = KillChain.Tactics.Count(t => byFinding.ContainsKey(t.ShortName) || byRiskEvent.ContainsKey(t.ShortName));

        writer.Write("<section id=\"tactics\">\n<h2>MITRE ATT&amp;CK tactics covered</h2>\n");
        writer.Write($"<p class=\"caption\">{ReportFormat.Number(covered)} of {ReportFormat.Number(KillChain.Tactics.Count)} Enterprise tactics, ");
        writer.Write("in kill-chain order; each counts the findings and the risk events whose detection maps to it.</p>\n");
        writer.Write("<ol class=\"tactics\">\n");
        foreach (var tactic in KillChain.Tactics)
        {
            var findingCount = byFinding.GetValueOrDefault(tactic.ShortName);
            var riskCount = byRiskEvent.GetValueOrDefault(tactic.ShortName);
            var state = findingCount + riskCount > 0 ? "covered" : "uncovered";
            writer.Write($"<li class=\"tactic {state}\" id=\"tactic-{tactic.ShortName}\"><span class=\"name\">{tactic.Name}</span>");
            writer.Write($"<span class=\"id\">{tactic.Id}</span><span class=\"hits\">{Hits(findingCount, riskCount)}</span></li>\n");
        }

        writer.Write("</ol>\n");
        var spellings = findings.SelectMany(f => f.MitreTactics).Concat(riskEvents.SelectMany(e => e.MitreTactics));
        WriteOthers(writer, byFinding, byRiskEvent, spellings);
        writer.Write("</section>\n");
    }

    private static void WriteOthers(TextWriter writer, Dictionary<string, int> byFinding, Dictionary<string, int> byRiskEvent, IEnumerable<string> spellings)
    {
        var known = KillChain.Tactics.Select(t => t.ShortName).ToHashSet(StringComparer.Ordinal);
        var others = byFinding.Keys.Concat(byRiskEvent.Keys).Where(k => !known.Contains(k)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (others.Count == 0)
        {
            return;
        }

        // Shown as the data spells them (the ordinally first spelling of each), not as the key they were counted by.
        var shown = spellings.Select(s => s.Trim()).GroupBy(KillChain.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).First(), StringComparer.Ordinal);
        writer.Write("<p class=\"muted\">Also named, but not an Enterprise tactic:</p>\n<ul class=\"other-tactics\">\n");
        foreach (var other in others)
        {
            writer.Write("<li><code>");
            HtmlText.Write(writer, shown[other]);
            writer.Write($"</code> {Hits(byFinding.GetValueOrDefault(other), byRiskEvent.GetValueOrDefault(other))}</li>\n");
        }

        writer.Write("</ul>\n");
    }

    private static string Hits(int findings, int riskEvents) =>
        findings + riskEvents == 0
            ? "not seen"
            : ReportFormat.Count(findings, "finding", "findings") + " &#183; " + ReportFormat.Count(riskEvents, "risk event", "risk events");

    /// <summary>How many items name each tactic; an item naming one tactic twice counts once.</summary>
    private static Dictionary<string, int> CountTouches(IEnumerable<IReadOnlyList<string>> tacticLists)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tactics in tacticLists)
        {
            foreach (var key in tactics.Select(KillChain.Key).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }
}
