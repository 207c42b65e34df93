using Microsoft.Data.Sqlite;
using Vigil.Store;
using Vigil.Store.Schema;
using Vigil.Tests.Support;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>Creating, reopening and migrating real store files.</summary>
public class SchemaTests
{
    [Fact]
    public void A_new_store_has_every_table_at_the_latest_version_in_WAL_mode_with_foreign_keys_on()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        Assert.Equal(VigilStore.LatestSchemaVersion, Scalar(store, "PRAGMA user_version"));
        Assert.Equal("wal", Text(store, "PRAGMA journal_mode"));
        Assert.Equal(1, Scalar(store, "PRAGMA foreign_keys"));
        Assert.True(Scalar(store, "PRAGMA busy_timeout") >= 60_000);
        foreach (var table in new[] { "runs", "run_inputs", "findings", "finding_runs", "evidence", "risk_events", "triage" })
        {
            Assert.Equal(1, Scalar(store, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }

        Assert.Empty(store.Runs());
        Assert.Equal("ok", Text(store, "PRAGMA integrity_check"));
    }

    [Fact]
    public void Reopening_a_store_changes_nothing_and_keeps_what_it_holds()
    {
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        using (var store = VigilStore.Open(path))
        {
            HuntInto(store, [SplunkSample]);
        }

        var schema = SchemaText(path);
        for (var i = 0; i < 3; i++)
        {
            using var again = VigilStore.Open(path);
            Assert.Equal(VigilStore.LatestSchemaVersion, Scalar(again, "PRAGMA user_version"));
            Assert.Single(again.Runs());
            Assert.Equal(4, Scalar(again, "SELECT count(*) FROM findings"));
        }

        Assert.Equal(schema, SchemaText(path));
        using var existing = VigilStore.OpenExisting(path);
        Assert.Single(existing.Runs());
    }

    [Fact]
    public void Each_missing_step_is_applied_once_in_order_and_a_reopen_applies_none()
    {
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        var first = StoreMigrations.All;
        var later = new StoreMigration(first[^1].Version + 1, "a later step", "CREATE TABLE later_step (x INTEGER); INSERT INTO later_step VALUES (1);");
        using (var store = VigilStore.Open(path, create: true, first))
        {
            Assert.Equal(first[^1].Version, Scalar(store, "PRAGMA user_version"));
        }

        for (var i = 0; i < 2; i++)
        {
            // Applied twice, the step's INSERT would leave two rows (and its CREATE TABLE would fail).
            using var store = VigilStore.Open(path, create: true, [.. first, later]);
            Assert.Equal(later.Version, Scalar(store, "PRAGMA user_version"));
            Assert.Equal(1, Scalar(store, "SELECT count(*) FROM later_step"));
        }
    }

    [Fact]
    public void A_step_that_fails_leaves_the_store_at_the_version_before_it()
    {
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        var broken = new StoreMigration(StoreMigrations.Latest + 1, "half a step", "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;");
        Assert.Throws<StoreException>(() => VigilStore.Open(path, create: true, [.. StoreMigrations.All, broken]));
        using var store = VigilStore.Open(path);
        Assert.Equal(StoreMigrations.Latest, Scalar(store, "PRAGMA user_version"));
        Assert.Equal(0, Scalar(store, "SELECT count(*) FROM sqlite_master WHERE name = 'half'"));
    }

    [Fact]
    public void A_store_from_a_newer_Vigil_is_refused_with_a_clear_error()
    {
        using var dir = new TempDirectory();
        var path = StorePath(dir);
        using (var store = VigilStore.Open(path))
        {
            using var command = store.Connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(() => VigilStore.Open(path));
        Assert.Equal($"the store {path} was written by a newer Vigil (schema version 99; this Vigil reads up to {VigilStore.LatestSchemaVersion}): use that Vigil, or another store with --store", error.Message);
        Assert.Throws<StoreException>(() => VigilStore.OpenExisting(path));
    }

    [Fact]
    public void Paths_that_cannot_be_a_store_are_refused_naming_the_path_and_the_reason()
    {
        using var dir = new TempDirectory();
        var missingFolder = Path.Combine(dir.Path, "no-such-folder", "vigil.db");
        Assert.Equal($"cannot open the store {missingFolder}: the folder {Path.GetDirectoryName(missingFolder)} does not exist", Assert.Throws<StoreException>(() => VigilStore.Open(missingFolder)).Message);
        Assert.Equal($"cannot open the store {dir.Path}: it is a folder; name a file, such as {Path.Combine(dir.Path, "vigil.db")}", Assert.Throws<StoreException>(() => VigilStore.Open(dir.Path)).Message);
        var notThere = StorePath(dir);
        Assert.StartsWith($"no store at {notThere}: ", Assert.Throws<StoreException>(() => VigilStore.OpenExisting(notThere)).Message, StringComparison.Ordinal);
        Assert.False(File.Exists(notThere));
        var garbage = dir.Write("garbage.db", new string('x', 8192));
        Assert.Equal($"cannot open the store {garbage}: file is not a database", Assert.Throws<StoreException>(() => VigilStore.Open(garbage)).Message);
    }

    private static string SchemaText(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master ORDER BY name)";
        return (string)command.ExecuteScalar()!;
    }
}
