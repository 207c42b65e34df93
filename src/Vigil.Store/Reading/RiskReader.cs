using Microsoft.Data.Sqlite;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Store.Encoding;

namespace Vigil.Store.Reading;

/// <summary>Reads risk events: over a window, for one finding, or for one entity.</summary>
internal static class RiskReader
{
    private const string InWindow = "($since IS NULL OR e.time_ticks >= $since) AND ($until IS NULL OR e.time_ticks < $until)";

    public static IEnumerable<RiskEvent> Events(SqliteConnection connection, TimeWindow? window)
    {
        using var statement = new Statement(connection, $"""
            SELECT {RiskEventColumns.List} FROM risk_events e
            WHERE {InWindow}
            ORDER BY e.time_ticks DESC, e.finding_id, e.ordinal
            """);
        Bind(statement, window);
        using var reader = statement.Read();
        while (reader.Read())
        {
            yield return RiskEventColumns.Read(reader);
        }
    }

    public static IReadOnlyList<RiskEvent> OfFinding(SqliteConnection connection, string findingId)
    {
        using var statement = new Statement(connection, $"SELECT {RiskEventColumns.List} FROM risk_events e WHERE e.finding_id = $finding ORDER BY e.ordinal");
        using var reader = statement.Set("finding", findingId).Read();
        var events = new List<RiskEvent>();
        while (reader.Read())
        {
            events.Add(RiskEventColumns.Read(reader));
        }

        return events;
    }

    public static IReadOnlyList<TimelineEntry> Timeline(SqliteConnection connection, string entity, TimeWindow? window)
    {
        using var statement = new Statement(connection, $"""
            SELECT {RiskEventColumns.List}, f.detection_id, f.detection_name
            FROM risk_events e JOIN findings f ON f.id = e.finding_id
            WHERE e.normalized_risk_object = $entity AND {InWindow}
            ORDER BY e.time_ticks, e.finding_id, e.ordinal
            """);
        Bind(statement, window).Set("entity", entity.Trim().ToLowerInvariant());
        using var reader = statement.Read();
        var entries = new List<TimelineEntry>();
        while (reader.Read())
        {
            entries.Add(new TimelineEntry(RiskEventColumns.Read(reader), reader.GetString(RiskEventColumns.Count), reader.GetString(RiskEventColumns.Count + 1)));
        }

        return entries;
    }

    /// <summary>Binds $since and $until (null for an open end).</summary>
    public static Statement Bind(Statement statement, TimeWindow? window) =>
        statement.Set("since", window?.Earliest?.UnixTicks).Set("until", window?.Latest?.UnixTicks);
}
