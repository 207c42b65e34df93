using System.Globalization;
using Vigil.Store;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>
/// Checks a store the way a crash could have broken it: SQLite's own integrity check, no dangling rows, and every run
/// whole, its recorded counts matching the rows it brought (findings, what it saw, risk events, inputs), each of its
/// new findings with all its evidence and risk events.
/// </summary>
internal static class StoreAudit
{
    public static void AssertSound(VigilStore store)
    {
        Assert.Equal("ok", Text(store, "PRAGMA integrity_check"));
        Assert.Equal(0, Scalar(store, "SELECT count(*) FROM pragma_foreign_key_check"));
        var broken = new List<string>();
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = """
                SELECT r.id,
                       r.findings_new, (SELECT count(*) FROM findings f WHERE f.first_run_id = r.id),
                       r.findings_new + r.findings_seen, (SELECT count(*) FROM finding_runs s WHERE s.run_id = r.id),
                       r.risk_events_new, (SELECT count(*) FROM risk_events e JOIN findings f ON f.id = e.finding_id WHERE f.first_run_id = r.id),
                       (SELECT count(*) FROM run_inputs i WHERE i.run_id = r.id)
                FROM runs r
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt64(1) != reader.GetInt64(2) || reader.GetInt64(3) != reader.GetInt64(4) || reader.GetInt64(5) != reader.GetInt64(6) || reader.GetInt64(7) == 0)
                {
                    broken.Add(string.Create(CultureInfo.InvariantCulture, $"run {reader.GetInt64(0)}: new {reader.GetInt64(1)}/{reader.GetInt64(2)}, seen {reader.GetInt64(3)}/{reader.GetInt64(4)}, risk {reader.GetInt64(5)}/{reader.GetInt64(6)}, inputs {reader.GetInt64(7)}"));
                }
            }
        }

        Assert.Empty(broken);
        Assert.Equal(0, Scalar(store, """
            SELECT count(*) FROM findings f
            WHERE (SELECT count(*) FROM evidence e WHERE e.finding_id = f.id) != min(f.evidence_total, 20)
               OR (SELECT count(*) FROM risk_events e WHERE e.finding_id = f.id) != json_array_length(f.risk)
               OR NOT EXISTS (SELECT 1 FROM finding_runs s WHERE s.finding_id = f.id AND s.run_id = f.first_run_id)
            """));
    }
}
