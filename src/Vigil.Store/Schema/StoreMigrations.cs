namespace Vigil.Store.Schema;

/// <summary>
/// The schema's history, oldest first. Times are INTEGER 100-nanosecond ticks since the Unix epoch (UTC), the precision
/// of Windows' SystemTime and of Vigil's own times; lists are JSON arrays of strings. docs/store.md describes each table.
/// </summary>
internal static class StoreMigrations
{
    public static IReadOnlyList<StoreMigration> All { get; } =
    [
        new(1, "runs, findings, evidence, risk events and triage", """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY,
                started_ticks INTEGER NOT NULL,
                finished_ticks INTEGER NOT NULL,
                vigil_version TEXT NOT NULL,
                detections_run INTEGER NOT NULL,
                detections_skipped INTEGER NOT NULL,
                files_read INTEGER NOT NULL,
                events_read INTEGER NOT NULL,
                malformed_events INTEGER NOT NULL,
                findings_new INTEGER NOT NULL,
                findings_seen INTEGER NOT NULL,
                risk_events_new INTEGER NOT NULL
            );

            CREATE TABLE run_inputs (
                run_id INTEGER NOT NULL REFERENCES runs (id),
                ordinal INTEGER NOT NULL,
                given TEXT NOT NULL,
                full_path TEXT NOT NULL,
                PRIMARY KEY (run_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE findings (
                id TEXT PRIMARY KEY,
                detection_id TEXT NOT NULL,
                detection_name TEXT NOT NULL,
                detection_version INTEGER,
                detection_type TEXT,
                detection_origin TEXT NOT NULL,
                search_name TEXT NOT NULL,
                mitre_attack TEXT NOT NULL,
                analytic_stories TEXT NOT NULL,
                time_ticks INTEGER,
                first_time_ticks INTEGER,
                sort_ticks INTEGER NOT NULL,
                risk_message TEXT,
                result TEXT NOT NULL,
                risk TEXT NOT NULL,
                threats TEXT NOT NULL,
                evidence_total INTEGER NOT NULL,
                first_run_id INTEGER NOT NULL REFERENCES runs (id)
            );
            CREATE INDEX findings_by_time ON findings (sort_ticks DESC, id);
            CREATE INDEX findings_by_detection ON findings (detection_id);
            CREATE INDEX findings_by_first_run ON findings (first_run_id);

            CREATE TABLE finding_runs (
                finding_id TEXT NOT NULL REFERENCES findings (id),
                run_id INTEGER NOT NULL REFERENCES runs (id),
                PRIMARY KEY (finding_id, run_id)
            ) WITHOUT ROWID;
            CREATE INDEX finding_runs_by_run ON finding_runs (run_id);

            CREATE TABLE evidence (
                finding_id TEXT NOT NULL REFERENCES findings (id),
                ordinal INTEGER NOT NULL,
                path TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('line', 'evtx')),
                line INTEGER,
                chunk INTEGER,
                record_id INTEGER,
                offset INTEGER,
                time_ticks INTEGER,
                PRIMARY KEY (finding_id, ordinal)
            ) WITHOUT ROWID;

            CREATE TABLE risk_events (
                finding_id TEXT NOT NULL REFERENCES findings (id),
                ordinal INTEGER NOT NULL,
                time_ticks INTEGER NOT NULL,
                risk_object TEXT NOT NULL,
                risk_object_type TEXT NOT NULL,
                normalized_risk_object TEXT NOT NULL,
                risk_score INTEGER NOT NULL,
                risk_message TEXT,
                search_name TEXT NOT NULL,
                source TEXT NOT NULL,
                analyticstories TEXT NOT NULL,
                mitre_technique_ids TEXT NOT NULL,
                mitre_tactics TEXT NOT NULL,
                annotations_all TEXT NOT NULL,
                threat_objects TEXT NOT NULL,
                threat_object_types TEXT NOT NULL,
                PRIMARY KEY (finding_id, ordinal)
            ) WITHOUT ROWID;
            CREATE INDEX risk_events_by_time ON risk_events (time_ticks);
            CREATE INDEX risk_events_by_entity ON risk_events (normalized_risk_object, time_ticks);

            CREATE TABLE triage (
                finding_id TEXT NOT NULL REFERENCES findings (id),
                ordinal INTEGER NOT NULL,
                label TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (finding_id, ordinal)
            ) WITHOUT ROWID;
            """),
    ];

    /// <summary>The version a store has once every step is applied: what this Vigil writes and reads.</summary>
    public static int Latest => All[^1].Version;
}
