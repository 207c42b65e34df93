using System.Reflection;
using Microsoft.Data.Sqlite;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Spl.Values;
using Vigil.Store.Encoding;

namespace Vigil.Store;

/// <summary>
/// Writes one run in one write transaction: the run row, its inputs, each finding new to the store with its evidence,
/// triage and risk events, and for every finding the fact that this run saw it. The run's counts are set last, inside
/// the same transaction, so a run row always describes exactly the rows that came with it.
/// </summary>
internal static class RunWriter
{
    private static readonly string VigilVersion =
        typeof(RunWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static RecordedRun Write(SqliteConnection connection, HuntStart start, HuntReport report, IReadOnlyList<Finding> findings, DateTimeOffset finished)
    {
        var huntTime = Timestamp.FromDateTime(start.StartedAt.UtcDateTime);
        // BEGIN IMMEDIATE: take the write lock before reading anything, so a second writer waits here (busy_timeout)
        // rather than failing when it would upgrade a read transaction.
        using var transaction = connection.BeginTransaction(deferred: false);
        var runId = InsertRun(connection, transaction, start, report, finished);
        InsertInputs(connection, transaction, runId, start.Inputs);

        using var rows = new FindingRows(connection, transaction);
        int findingsNew = 0, riskEventsNew = 0;
        foreach (var finding in findings)
        {
            if (rows.InsertFinding(finding, runId, huntTime))
            {
                findingsNew++;
                rows.InsertEvidence(finding);
                rows.InsertTriage(finding);
                riskEventsNew += rows.InsertRiskEvents(RiskEvent.Of(finding, huntTime, AttackTactics.Shipped));
            }

            rows.InsertSeen(finding.Id, runId);
        }

        using (var counts = new Statement(connection, """
            UPDATE runs SET findings_new = $new, findings_seen = $seen, risk_events_new = $risk WHERE id = $id
            """, transaction))
        {
            counts.Set("new", findingsNew).Set("seen", findings.Count - findingsNew).Set("risk", riskEventsNew).Set("id", runId).Execute();
        }

        transaction.Commit();
        return new RecordedRun(runId, findingsNew, findings.Count - findingsNew, riskEventsNew);
    }

    private static long InsertRun(SqliteConnection connection, SqliteTransaction transaction, HuntStart start, HuntReport report, DateTimeOffset finished)
    {
        using var run = new Statement(connection, """
            INSERT INTO runs (started_ticks, finished_ticks, vigil_version, detections_run, detections_skipped, files_read,
                              events_read, malformed_events, findings_new, findings_seen, risk_events_new)
            VALUES ($started, $finished, $version, $run, $skipped, $files, $events, $malformed, 0, 0, 0)
            RETURNING id
            """, transaction);
        return run.Set("started", UnixTicks.Of(start.StartedAt))
            .Set("finished", UnixTicks.Of(finished))
            .Set("version", VigilVersion)
            .Set("run", start.Detections.Count)
            .Set("skipped", start.Skipped.Count)
            .Set("files", report.FilesRead)
            .Set("events", report.Counters.Events)
            .Set("malformed", report.MalformedEvents)
            .ScalarInt64();
    }

    private static void InsertInputs(SqliteConnection connection, SqliteTransaction transaction, long runId, IReadOnlyList<string> inputs)
    {
        using var input = new Statement(connection, """
            INSERT INTO run_inputs (run_id, ordinal, given, full_path) VALUES ($run, $ordinal, $given, $full)
            """, transaction);
        for (var i = 0; i < inputs.Count; i++)
        {
            input.Set("run", runId).Set("ordinal", i).Set("given", inputs[i]).Set("full", Path.GetFullPath(inputs[i])).Execute();
        }
    }
}
