using System.Globalization;
using System.Text;
using Vigil.Spl.Values;

namespace Vigil.Findings.Triage;

/// <summary>
/// The related events of one host as facts: one line each (time, log, code, what it means, the module, pool or setting
/// it names), at most <see cref="Shown"/> of them, sorted by time, and a count of the rest. When there are more, the
/// ones shown are those nearest in time to the 2282s, since a crash-looping pool can log thousands of 5009s.
/// </summary>
internal static class RelatedEventFacts
{
    public const int Shown = 20;

    /// <param name="relatedEvents">Rows of the related-events search, from any hosts; rows of no known kind are ignored.</param>
    /// <param name="host">The host whose events to list.</param>
    /// <param name="anchors">When the finding's 2282s happened on that host; empty keeps the earliest events.</param>
    public static IReadOnlyList<TriageFact> ForHost(IReadOnlyList<Row> relatedEvents, string host, IReadOnlyList<Timestamp> anchors)
    {
        var events = relatedEvents
            .Select(row => (Row: row, Kind: RelatedEventKind.Of(row), Host: EventRow.Host(row), Time: EventRow.Time(row)))
            .Where(e => e.Kind is not null && e.Host is not null && EventRow.SameHost(e.Host, host))
            .DistinctBy(e => (e.Time, e.Kind, Record: EventRow.Text(e.Row, "EventRecordID") ?? Line(e.Row, e.Kind!, e.Time)))
            .ToList();
        if (events.Count == 0)
        {
            var lookedFor = string.Join("; ", RelatedEventKind.All.Select(k => $"{k.Tag} {k.EventCode}"));
            return [new TriageFact(FactLabels.RelatedNone(host), "none in the inputs (" + lookedFor + ")")];
        }

        var shown = events
            .OrderBy(e => Distance(e.Time, anchors))
            .ThenBy(e => e.Time?.UnixTicks ?? long.MaxValue)
            .Take(Shown)
            .OrderBy(e => e.Time?.UnixTicks ?? long.MaxValue)
            .Select(e => new TriageFact(FactLabels.RelatedEvent(host), Line(e.Row, e.Kind!, e.Time)))
            .ToList();
        if (events.Count > Shown)
        {
            var rest = events.Count - Shown;
            var which = anchors.Count > 0 ? "nearest in time to the 2282 events" : "earliest";
            shown.Add(new TriageFact(FactLabels.RelatedNotShown(host),
                string.Create(CultureInfo.InvariantCulture, $"{rest} more (the {Shown} shown are the {which})")));
        }

        return shown;
    }

    private static long Distance(Timestamp? time, IReadOnlyList<Timestamp> anchors)
    {
        if (anchors.Count == 0)
        {
            return 0;
        }

        // An event without a time cannot be placed near anything: it goes last.
        return time is { } t ? anchors.Min(a => Math.Abs(a.UnixTicks - t.UnixTicks)) : long.MaxValue;
    }

    private static string Line(Row row, RelatedEventKind kind, Timestamp? time)
    {
        var line = new StringBuilder();
        line.Append(time is { } t ? t.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "(no time)");
        line.Append(CultureInfo.InvariantCulture, $" {kind.Tag} {kind.EventCode}: {kind.Description}");
        var keys = kind.KeyFields
            .Where(f => !row[f].IsNull)
            .Select(f => f + "=" + string.Join(" | ", row[f].Values))
            .ToList();
        if (keys.Count > 0)
        {
            line.Append(" (").Append(string.Join(", ", keys)).Append(')');
        }

        if (kind.CarriesError && EventRow.Text(row, "Binary") is { } binary)
        {
            line.Append("; error ").Append(EventErrorData.Summarize(binary));
        }

        return line.ToString();
    }
}
