using Microsoft.Data.Sqlite;

namespace Vigil.Store.Schema;

/// <summary>
/// Brings a store to the latest schema: PRAGMA user_version holds the last step applied, and each missing step runs in
/// its own write transaction that also sets the version, so a step is applied whole or not at all. Opening a store that
/// is up to date changes nothing; one from a newer Vigil is refused, since this Vigil cannot know what it holds.
/// </summary>
internal static class SchemaMigrator
{
    public static void Migrate(SqliteConnection connection, string path) => Migrate(connection, path, StoreMigrations.All);

    internal static void Migrate(SqliteConnection connection, string path, IReadOnlyList<StoreMigration> migrations)
    {
        var latest = migrations[^1].Version;
        if (CheckedVersion(connection, null, path, latest) == latest)
        {
            return;
        }

        foreach (var migration in migrations)
        {
            // BEGIN IMMEDIATE takes the write lock first: two Vigils opening a new store at once apply each step once,
            // the second finding it done when its turn comes.
            using var transaction = connection.BeginTransaction(deferred: false);
            if (CheckedVersion(connection, transaction, path, latest) >= migration.Version)
            {
                continue;
            }

            using (var step = connection.CreateCommand())
            {
                step.Transaction = transaction;
                step.CommandText = migration.Sql;
                step.ExecuteNonQuery();
            }

            using (var version = connection.CreateCommand())
            {
                version.Transaction = transaction;
                // PRAGMA takes no parameters; the version is an int from our own table.
                version.CommandText = FormattableString.Invariant($"PRAGMA user_version = {migration.Version}");
                version.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    public static int Version(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int CheckedVersion(SqliteConnection connection, SqliteTransaction? transaction, string path, int latest)
    {
        var version = Version(connection, transaction);
        if (version > latest)
        {
            throw new StoreException($"the store {path} was written by a newer Vigil (schema version {version}; this Vigil reads up to {latest}): use that Vigil, or another store with --store");
        }

        return version;
    }
}
