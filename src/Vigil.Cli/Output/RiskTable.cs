using Spectre.Console;
using Vigil.Sinks;
using Vigil.Store;

namespace Vigil.Cli.Output;

/// <summary>Entities ranked by risk, and one entity's timeline, for a person.</summary>
internal static class RiskTable
{
    public static void WriteRanking(IAnsiConsole console, IReadOnlyList<EntityRisk> entities, TimeZoneInfo zone)
    {
        var table = TextConsole.NewTable("entity", "type", "score", "events", "detections", "tactics", "first", "last");
        foreach (var entity in entities)
        {
            TextConsole.AddRow(
                table,
                entity.Entity,
                entity.Type,
                entity.Score.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                entity.Events.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                string.Join("; ", entity.Detections),
                string.Join(", ", entity.Tactics),
                StoredTimes.Short(entity.FirstTime, zone),
                StoredTimes.Short(entity.LastTime, zone));
        }

        console.Write(table);
    }

    public static void WriteTimeline(IAnsiConsole console, IReadOnlyList<TimelineEntry> timeline, TimeZoneInfo zone)
    {
        var table = TextConsole.NewTable("time", "score", "detection", "message", "tactics", "finding");
        foreach (var entry in timeline)
        {
            var risk = entry.Risk;
            TextConsole.AddRow(
                table,
                StoredTimes.Short(risk.Time, zone),
                risk.RiskScore.ToString(System.Globalization.CultureInfo.InvariantCulture),
                entry.DetectionName,
                risk.RiskMessage ?? string.Empty,
                string.Join(", ", risk.MitreTactics),
                risk.FindingId[..FindingsTable.IdShown]);
        }

        console.Write(table);
    }
}
