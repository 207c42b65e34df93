using Microsoft.Data.Sqlite;
using Vigil.Hunt;
using Vigil.Spl.Values;
using Vigil.Store.Encoding;

namespace Vigil.Store.Reading;

/// <summary>
/// Ranks entities by the risk raised on them in a window, as Enterprise Security's risk analysis does: risk events
/// grouped by normalized risk object and type, scores summed, highest first.
/// </summary>
internal static class EntityRanking
{
    public static IReadOnlyList<EntityRisk> Rank(SqliteConnection connection, TimeWindow? window)
    {
        using var statement = new Statement(connection, """
            SELECT e.normalized_risk_object, e.risk_object_type, e.risk_score, e.time_ticks, f.detection_name, e.mitre_tactics
            FROM risk_events e JOIN findings f ON f.id = e.finding_id
            WHERE ($since IS NULL OR e.time_ticks >= $since) AND ($until IS NULL OR e.time_ticks < $until)
            ORDER BY e.time_ticks, e.finding_id, e.ordinal
            """);
        RiskReader.Bind(statement, window);
        var entities = new Dictionary<(string Entity, string Type), Tally>();
        using (var reader = statement.Read())
        {
            while (reader.Read())
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (!entities.TryGetValue(key, out var tally))
                {
                    entities[key] = tally = new Tally();
                }

                tally.Add(reader.GetInt32(2), new Timestamp(reader.GetInt64(3)), reader.GetString(4), JsonLists.Read(reader.GetString(5)));
            }
        }

        return entities
            .Select(pair => pair.Value.ToEntityRisk(pair.Key.Entity, pair.Key.Type))
            .OrderByDescending(e => e.Score)
            .ThenBy(e => e.Entity, StringComparer.Ordinal)
            .ThenBy(e => e.Type, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One entity's running totals; events arrive oldest first, so tactics keep the order they were first raised.</summary>
    private sealed class Tally
    {
        private readonly SortedSet<string> _detections = new(StringComparer.Ordinal);
        private readonly List<string> _tactics = [];
        private long _score;
        private int _events;
        private Timestamp _first;
        private Timestamp _last;

        public void Add(int score, Timestamp time, string detection, IReadOnlyList<string> tactics)
        {
            _first = _events == 0 || time < _first ? time : _first;
            _last = _events == 0 || time > _last ? time : _last;
            _score += score;
            _events++;
            _detections.Add(detection);
            foreach (var tactic in tactics.Where(t => !_tactics.Contains(t, StringComparer.Ordinal)))
            {
                _tactics.Add(tactic);
            }
        }

        public EntityRisk ToEntityRisk(string entity, string type) => new(entity, type, _score, _events, [.. _detections], [.. _tactics], _first, _last);
    }
}
