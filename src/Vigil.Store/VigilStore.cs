using Microsoft.Data.Sqlite;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Store.Encoding;
using Vigil.Store.Reading;
using Vigil.Store.Schema;

namespace Vigil.Store;

/// <summary>
/// An open store: one SQLite file in WAL mode holding every recorded hunt (docs/store.md). Opening brings the schema up
/// to date; hunts write through <see cref="StoreSink"/>; the methods here read. One instance is one connection: use it
/// from one thread at a time, and open one per thread or process that writes (they wait for each other, never fail).
/// </summary>
public sealed class VigilStore : IDisposable
{
    /// <summary>How long a writer waits for another to finish before giving up: far longer than any run takes to write.</summary>
    private const int BusyTimeoutSeconds = 120;

    private readonly SqliteConnection _connection;

    private VigilStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The full path of the store's file.</summary>
    public string Path { get; }

    /// <summary>The schema version this Vigil writes (PRAGMA user_version of an up-to-date store).</summary>
    public static int LatestSchemaVersion => StoreMigrations.Latest;

    internal SqliteConnection Connection => _connection;

    /// <summary>Opens the store at path, creating it (not its folder) when missing: what a hunt does.</summary>
    public static VigilStore Open(string path) => Open(path, create: true, StoreMigrations.All);

    /// <summary>Opens a store that must exist: what the commands that read do, so a mistyped path is an error.</summary>
    public static VigilStore OpenExisting(string path) => Open(path, create: false, StoreMigrations.All);

    internal static VigilStore Open(string path, bool create, IReadOnlyList<StoreMigration> migrations)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new StoreException($"cannot open the store {full}: it is a folder; name a file, such as {System.IO.Path.Combine(full, StorePaths.FileName)}");
        }

        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            throw new StoreException($"cannot open the store {full}: the folder {folder} does not exist");
        }

        if (!create && !File.Exists(full))
        {
            throw new StoreException($"no store at {full}: 'vigil hunt' writes one (--store PATH or {StorePaths.EnvironmentVariable} chooses another)");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            // Each store object owns its file handle: closing it closes the file, which tests and crash checks rely on.
            Pooling = false,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString());
        try
        {
            connection.Open();
            Configure(connection);
            SchemaMigrator.Migrate(connection, full, migrations);
            return new VigilStore(full, connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException($"cannot open the store {full}: {SqliteErrors.Describe(e)}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>How many runs the store holds (none: nothing was ever recorded).</summary>
    public int CountRuns() => RunReader.Count(_connection);

    /// <summary>Every recorded run, oldest first, with its inputs.</summary>
    public IReadOnlyList<StoredRun> Runs() => RunReader.All(_connection);

    /// <summary>Stored findings, newest first (by their newest event, else the hunt's time), filtered as the query says.</summary>
    public IReadOnlyList<StoredFinding> Findings(FindingQuery query) => FindingReader.List(_connection, query);

    /// <summary>How many stored findings the query matches, ignoring its limit.</summary>
    public int CountFindings(FindingQuery query) => FindingReader.Count(_connection, query);

    /// <summary>
    /// One finding by its id or a unique prefix of it, with its risk events and the runs that saw it. An unknown id, or a
    /// prefix several findings share, is a <see cref="StoreException"/> (the latter listing them).
    /// </summary>
    public FindingDetail Finding(string idOrPrefix) => FindingReader.One(_connection, idOrPrefix);

    /// <summary>
    /// The risk events whose _time falls in the window, newest first as Splunk returns events, read as they are
    /// enumerated (finish enumerating before disposing the store).
    /// </summary>
    public IEnumerable<RiskEvent> RiskEvents(TimeWindow? window) => RiskReader.Events(_connection, window);

    /// <summary>Entities ranked by summed risk score over the window, highest first.</summary>
    public IReadOnlyList<EntityRisk> Entities(TimeWindow? window) => EntityRanking.Rank(_connection, window);

    /// <summary>An entity's risk events in the window (any case; every risk object type), oldest first.</summary>
    public IReadOnlyList<TimelineEntry> Timeline(string entity, TimeWindow? window) => RiskReader.Timeline(_connection, entity, window);

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// WAL lets readers work while a hunt writes; busy_timeout makes a second writer wait for the first instead of
    /// failing; foreign keys keep evidence and risk events tied to findings that exist.
    /// </summary>
    private static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = FormattableString.Invariant($"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;");
        command.ExecuteNonQuery();
        connection.CreateFunction("vigil_fold", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
    }
}
