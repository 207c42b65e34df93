using Microsoft.Data.Sqlite;
using Vigil.Content.Model;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Findings.Triage;
using Vigil.Spl.Values;
using Vigil.Store.Encoding;

namespace Vigil.Store.Reading;

/// <summary>Reads findings back as <see cref="Finding"/> records, with their evidence and triage.</summary>
internal static class FindingReader
{
    private const string Columns = """
        f.id, f.detection_id, f.detection_name, f.detection_version, f.detection_type, f.detection_origin, f.mitre_attack,
        f.analytic_stories, f.time_ticks, f.first_time_ticks, f.risk_message, f.result, f.risk, f.threats, f.evidence_total,
        f.first_run_id, r.started_ticks
        """;

    /// <summary>The query's filters; every one is off when its parameter is NULL.</summary>
    private const string Filters = """
        FROM findings f JOIN runs r ON r.id = f.first_run_id
        WHERE ($detection IS NULL OR instr(vigil_fold(f.detection_name), $detection) > 0 OR instr(vigil_fold(f.detection_id), $detection) > 0)
          AND ($entity IS NULL OR EXISTS (SELECT 1 FROM risk_events e WHERE e.finding_id = f.id AND e.normalized_risk_object = $entity))
          AND ($since IS NULL OR f.sort_ticks >= $since)
          AND ($until IS NULL OR f.sort_ticks < $until)
        """;

    /// <summary>Findings sort by their newest event's time, else the hunt's: the time their risk events carry.</summary>
    private const string NewestFirst = "ORDER BY f.sort_ticks DESC, f.id";

    private const int CandidatesShown = 10;

    public static IReadOnlyList<StoredFinding> List(SqliteConnection connection, FindingQuery query)
    {
        using var statement = new Statement(connection, $"SELECT {Columns} {Filters} {NewestFirst} LIMIT $limit");
        Bind(statement, query).Set("limit", query.Limit ?? -1);
        return Read(connection, statement);
    }

    public static int Count(SqliteConnection connection, FindingQuery query)
    {
        using var statement = new Statement(connection, $"SELECT count(*) {Filters}");
        return (int)Bind(statement, query).ScalarInt64();
    }

    public static FindingDetail One(SqliteConnection connection, string idOrPrefix)
    {
        var prefix = idOrPrefix.Trim().ToLowerInvariant();
        if (prefix.Length == 0 || !prefix.All(char.IsAsciiHexDigit))
        {
            throw new StoreException($"'{idOrPrefix}' is not a finding id: ids are 32 hexadecimal digits, and any unique prefix of one will do");
        }

        // Ids are lowercase hex, and '~' sorts after every hex digit: the range is exactly the ids with this prefix.
        using var statement = new Statement(connection, $"""
            SELECT {Columns} FROM findings f JOIN runs r ON r.id = f.first_run_id
            WHERE f.id >= $prefix AND f.id < $prefix || '~'
            {NewestFirst} LIMIT {CandidatesShown + 1}
            """);
        var found = Read(connection, statement.Set("prefix", prefix));
        if (found.Count == 0)
        {
            throw new StoreException($"no finding with id '{prefix}' in the store ('vigil findings' lists them)");
        }

        if (found.Count > 1)
        {
            var candidates = found.Take(CandidatesShown).Select(f => $"{f.Finding.Id} ({f.Finding.Detection.Name}, {f.Finding.Time?.ToString() ?? "no time"})");
            var more = found.Count > CandidatesShown ? "; and more" : string.Empty;
            throw new StoreException($"the id prefix '{prefix}' matches several findings; give more of the id: {string.Join("; ", candidates)}{more}");
        }

        var stored = found[0];
        return new FindingDetail(stored, RiskReader.OfFinding(connection, stored.Finding.Id), RunReader.ThatSaw(connection, stored.Finding.Id));
    }

    private static Statement Bind(Statement statement, FindingQuery query) => RiskReader.Bind(statement, query.Window)
        .Set("detection", string.IsNullOrWhiteSpace(query.Detection) ? null : query.Detection.Trim().ToLowerInvariant())
        .Set("entity", string.IsNullOrWhiteSpace(query.Entity) ? null : query.Entity.Trim().ToLowerInvariant());

    private static List<StoredFinding> Read(SqliteConnection connection, Statement statement)
    {
        var findings = new List<StoredFinding>();
        using (var reader = statement.Read())
        {
            while (reader.Read())
            {
                findings.Add(ReadOne(reader));
            }
        }

        using var evidence = new Statement(connection, """
            SELECT path, kind, line, chunk, record_id, offset, time_ticks FROM evidence WHERE finding_id = $finding ORDER BY ordinal
            """);
        using var triage = new Statement(connection, "SELECT label, value FROM triage WHERE finding_id = $finding ORDER BY ordinal");
        return findings.Select(stored => stored with
        {
            Finding = stored.Finding with
            {
                Evidence = EvidenceOf(evidence, stored.Finding.Id),
                Triage = TriageOf(triage, stored.Finding.Id),
            },
        }).ToList();
    }

    private static StoredFinding ReadOne(SqliteDataReader reader)
    {
        var detection = new Detection
        {
            Id = reader.GetString(1),
            Name = reader.GetString(2),
            Version = (int?)reader.NullableInt64(3),
            Type = reader.NullableString(4),
            Origin = reader.GetString(5),
            // The store keeps what identifies and annotates a detection; its search stays in its content.
            Search = string.Empty,
            MitreAttackIds = JsonLists.Read(reader.GetString(6)),
            AnalyticStories = JsonLists.Read(reader.GetString(7)),
        };
        var (columns, row) = ResultJson.Read(reader.GetString(11));
        var finding = new Finding(detection, columns, row, RiskJson.ReadRisk(reader.GetString(12)), RiskJson.ReadThreats(reader.GetString(13)), reader.NullableString(10))
        {
            Id = reader.GetString(0),
            Time = reader.NullableInt64(8) is { } time ? new Timestamp(time) : null,
            FirstTime = reader.NullableInt64(9) is { } first ? new Timestamp(first) : null,
            EvidenceTotal = reader.GetInt64(14),
        };
        return new StoredFinding(finding, reader.GetInt64(15), UnixTicks.ToDateTimeOffset(reader.GetInt64(16)));
    }

    private static List<EventReference> EvidenceOf(Statement evidence, string findingId)
    {
        var references = new List<EventReference>();
        using var reader = evidence.Set("finding", findingId).Read();
        while (reader.Read())
        {
            var path = reader.GetString(0);
            EventOrigin origin = reader.GetString(1) == EvidenceKinds.Evtx
                ? new EvtxOrigin(path, reader.GetInt32(3), unchecked((ulong)reader.GetInt64(4)), reader.GetInt64(5))
                : new LineOrigin(path, reader.GetInt64(2));
            var time = reader.NullableInt64(6) is { } ticks ? new EventTime(ticks) : (EventTime?)null;
            references.Add(new EventReference(origin, time));
        }

        return references;
    }

    private static List<TriageFact> TriageOf(Statement triage, string findingId)
    {
        var facts = new List<TriageFact>();
        using var reader = triage.Set("finding", findingId).Read();
        while (reader.Read())
        {
            facts.Add(new TriageFact(reader.GetString(0), reader.GetString(1)));
        }

        return facts;
    }
}
