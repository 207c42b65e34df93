using Microsoft.Data.Sqlite;
using Vigil.Store.Encoding;

namespace Vigil.Store.Reading;

/// <summary>Reads runs with their inputs.</summary>
internal static class RunReader
{
    private const string Columns = """
        r.id, r.started_ticks, r.finished_ticks, r.vigil_version, r.detections_run, r.detections_skipped, r.files_read,
        r.events_read, r.malformed_events, r.findings_new, r.findings_seen, r.risk_events_new
        """;

    public static int Count(SqliteConnection connection)
    {
        using var statement = new Statement(connection, "SELECT count(*) FROM runs");
        return (int)statement.ScalarInt64();
    }

    public static IReadOnlyList<StoredRun> All(SqliteConnection connection) =>
        Read(connection, $"SELECT {Columns} FROM runs r ORDER BY r.id", _ => { });

    /// <summary>The runs that saw a finding, oldest first.</summary>
    public static IReadOnlyList<StoredRun> ThatSaw(SqliteConnection connection, string findingId) => Read(
        connection,
        $"SELECT {Columns} FROM finding_runs s JOIN runs r ON r.id = s.run_id WHERE s.finding_id = $finding ORDER BY r.id",
        statement => statement.Set("finding", findingId));

    private static List<StoredRun> Read(SqliteConnection connection, string sql, Action<Statement> bind)
    {
        var runs = new List<StoredRun>();
        using (var statement = new Statement(connection, sql))
        {
            bind(statement);
            using var reader = statement.Read();
            while (reader.Read())
            {
                runs.Add(new StoredRun(
                    reader.GetInt64(0),
                    UnixTicks.ToDateTimeOffset(reader.GetInt64(1)),
                    UnixTicks.ToDateTimeOffset(reader.GetInt64(2)),
                    reader.GetString(3),
                    [],
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetInt64(7),
                    reader.GetInt64(8),
                    reader.GetInt32(9),
                    reader.GetInt32(10),
                    reader.GetInt32(11)));
            }
        }

        using var inputs = new Statement(connection, "SELECT given, full_path FROM run_inputs WHERE run_id = $run ORDER BY ordinal");
        return runs.Select(run => run with { Inputs = InputsOf(inputs, run.Id) }).ToList();
    }

    private static List<RunInput> InputsOf(Statement inputs, long runId)
    {
        var list = new List<RunInput>();
        using var reader = inputs.Set("run", runId).Read();
        while (reader.Read())
        {
            list.Add(new RunInput(reader.GetString(0), reader.GetString(1)));
        }

        return list;
    }
}
