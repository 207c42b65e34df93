using Microsoft.Data.Sqlite;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Findings.Risk;
using Vigil.Spl.Values;
using Vigil.Store.Encoding;

namespace Vigil.Store;

/// <summary>The prepared statements for a run's findings and what hangs off them.</summary>
internal sealed class FindingRows(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private readonly Statement _finding = new(connection, """
        INSERT OR IGNORE INTO findings (id, detection_id, detection_name, detection_version, detection_type, detection_origin,
            search_name, mitre_attack, analytic_stories, time_ticks, first_time_ticks, sort_ticks, risk_message, result,
            risk, threats, evidence_total, first_run_id)
        VALUES ($id, $detection_id, $detection_name, $detection_version, $detection_type, $detection_origin,
            $search_name, $mitre_attack, $analytic_stories, $time, $first_time, $sort, $risk_message, $result,
            $risk, $threats, $evidence_total, $run)
        """, transaction);

    private readonly Statement _evidence = new(connection, """
        INSERT INTO evidence (finding_id, ordinal, path, kind, line, chunk, record_id, offset, time_ticks)
        VALUES ($finding, $ordinal, $path, $kind, $line, $chunk, $record_id, $offset, $time)
        """, transaction);

    private readonly Statement _triage = new(connection, """
        INSERT INTO triage (finding_id, ordinal, label, value) VALUES ($finding, $ordinal, $label, $value)
        """, transaction);

    private readonly Statement _risk = new(connection, """
        INSERT INTO risk_events (finding_id, ordinal, time_ticks, risk_object, risk_object_type, normalized_risk_object,
            risk_score, risk_message, search_name, source, analyticstories, mitre_technique_ids, mitre_tactics,
            annotations_all, threat_objects, threat_object_types)
        VALUES ($finding, $ordinal, $time, $risk_object, $risk_object_type, $normalized, $score, $message, $search_name,
            $source, $stories, $techniques, $tactics, $all, $threat_objects, $threat_object_types)
        """, transaction);

    private readonly Statement _seen = new(connection, """
        INSERT OR IGNORE INTO finding_runs (finding_id, run_id) VALUES ($finding, $run)
        """, transaction);

    /// <summary>Inserts the finding unless the store has it already; true when it was new.</summary>
    public bool InsertFinding(Finding finding, long runId, Timestamp huntTime)
    {
        var detection = finding.Detection;
        return _finding.Set("id", finding.Id)
            .Set("detection_id", detection.Id)
            .Set("detection_name", detection.Name)
            .Set("detection_version", detection.Version)
            .Set("detection_type", detection.Type)
            .Set("detection_origin", detection.Origin)
            .Set("search_name", finding.SearchName)
            .Set("mitre_attack", JsonLists.Write(detection.MitreAttackIds))
            .Set("analytic_stories", JsonLists.Write(detection.AnalyticStories))
            .Set("time", finding.Time?.UnixTicks)
            .Set("first_time", finding.FirstTime?.UnixTicks)
            .Set("sort", (finding.Time ?? huntTime).UnixTicks)
            .Set("risk_message", finding.RiskMessage)
            .Set("result", ResultJson.Write(finding.Columns, finding.Result))
            .Set("risk", RiskJson.WriteRisk(finding.Risk))
            .Set("threats", RiskJson.WriteThreats(finding.Threats))
            .Set("evidence_total", finding.EvidenceTotal)
            .Set("run", runId)
            .Execute() == 1;
    }

    public void InsertEvidence(Finding finding)
    {
        for (var i = 0; i < finding.Evidence.Count; i++)
        {
            var reference = finding.Evidence[i];
            _evidence.Set("finding", finding.Id).Set("ordinal", i).Set("path", reference.Origin.Path).Set("time", reference.Time?.UnixTicks);
            switch (reference.Origin)
            {
                case EvtxOrigin record:
                    // SQLite integers are signed 64-bit: a record id keeps its bits and reads back as the same ulong.
                    _evidence.Set("kind", EvidenceKinds.Evtx).Set("line", null).Set("chunk", record.Chunk)
                        .Set("record_id", unchecked((long)record.RecordId)).Set("offset", record.Offset);
                    break;
                case LineOrigin line:
                    _evidence.Set("kind", EvidenceKinds.Line).Set("line", line.Line).Set("chunk", null).Set("record_id", null).Set("offset", null);
                    break;
                default:
                    throw new NotSupportedException($"the store cannot keep evidence of kind {reference.Origin.GetType().Name}");
            }

            _evidence.Execute();
        }
    }

    public void InsertTriage(Finding finding)
    {
        for (var i = 0; i < finding.Triage.Count; i++)
        {
            _triage.Set("finding", finding.Id).Set("ordinal", i).Set("label", finding.Triage[i].Label).Set("value", finding.Triage[i].Value).Execute();
        }
    }

    public int InsertRiskEvents(IReadOnlyList<RiskEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var risk = events[i];
            _risk.Set("finding", risk.FindingId)
                .Set("ordinal", i)
                .Set("time", risk.Time.UnixTicks)
                .Set("risk_object", risk.RiskObject)
                .Set("risk_object_type", RiskObjectTypes.Name(risk.RiskObjectType))
                .Set("normalized", risk.NormalizedRiskObject)
                .Set("score", risk.RiskScore)
                .Set("message", risk.RiskMessage)
                .Set("search_name", risk.SearchName)
                .Set("source", risk.SearchName)
                .Set("stories", JsonLists.Write(risk.AnalyticStories))
                .Set("techniques", JsonLists.Write(risk.MitreTechniqueIds))
                .Set("tactics", JsonLists.Write(risk.MitreTactics))
                .Set("all", JsonLists.Write(risk.AnnotationsAll))
                .Set("threat_objects", JsonLists.Write(risk.ThreatObjects))
                .Set("threat_object_types", JsonLists.Write(risk.ThreatObjectTypes))
                .Execute();
        }

        return events.Count;
    }

    public void InsertSeen(string findingId, long runId) => _seen.Set("finding", findingId).Set("run", runId).Execute();

    public void Dispose()
    {
        _finding.Dispose();
        _evidence.Dispose();
        _triage.Dispose();
        _risk.Dispose();
        _seen.Dispose();
    }
}
