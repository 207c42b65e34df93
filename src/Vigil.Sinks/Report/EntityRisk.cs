using Vigil.Findings.Risk;

namespace Vigil.Sinks.Report;

/// <summary>
/// One entity's risk: a risk object of one type (ESCU's risk correlation searches group by risk_object and
/// risk_object_type, so a host and a user both named "admin" stay apart), its total score, and its running total after each instant it gained risk.
/// </summary>
internal sealed record EntityRisk(
    string Name,
    string Type,
    long Total,
    int Events,
    long FirstTicks,
    long LastTicks,
    IReadOnlyList<RiskStep> Steps)
{
    /// <summary>
    /// Every entity in the risk events, highest total first; equal totals by name then type (ordinal), so the order,
    /// and with it which entities the chart shows and their colours, never depends on input order.
    /// </summary>
    public static IReadOnlyList<EntityRisk> Rank(IReadOnlyList<RiskEvent> events) =>
        events.GroupBy(e => (Type: RiskObjectTypes.Name(e.RiskObjectType), e.NormalizedRiskObject))
            .Select(g => Of(g.Key.Type, g.ToList()))
            .OrderByDescending(e => e.Total)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Type, StringComparer.Ordinal)
            .ToList();

    private static EntityRisk Of(string type, List<RiskEvent> events)
    {
        events.Sort((a, b) =>
        {
            var byTime = a.Time.CompareTo(b.Time);
            return byTime != 0 ? byTime : string.CompareOrdinal(a.RiskObject, b.RiskObject);
        });

        // Events at one instant add up into one step: the chart cannot show an order among them, and the data has none.
        var steps = new List<RiskStep>();
        long total = 0;
        foreach (var e in events)
        {
            total += e.RiskScore;
            var ticks = ReportFormat.Clamp(e.Time.UnixTicks);
            if (steps.Count > 0 && steps[^1].Ticks == ticks)
            {
                steps[^1] = new RiskStep(ticks, total);
            }
            else
            {
                steps.Add(new RiskStep(ticks, total));
            }
        }

        // The entity is named as its earliest event spells it (the grouping key is the lower-cased form).
        return new EntityRisk(events[0].RiskObject, type, total, events.Count, steps[0].Ticks, steps[^1].Ticks, steps);
    }
}

/// <summary>An entity's running risk total just after an instant (Unix ticks, UTC) at which it gained risk.</summary>
internal readonly record struct RiskStep(long Ticks, long Cumulative);
