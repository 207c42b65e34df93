using Microsoft.Data.Sqlite;

namespace Vigil.Store.Encoding;

/// <summary>
/// One SQL statement, prepared once and run many times with new parameter values: the store writes a run's thousands
/// of rows through a handful of these.
/// </summary>
internal sealed class Statement : IDisposable
{
    private readonly SqliteCommand _command;

    public Statement(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.Transaction = transaction;
    }

    /// <summary>Sets <c>$name</c>; null is SQL NULL.</summary>
    public Statement Set(string name, object? value)
    {
        var key = "$" + name;
        if (_command.Parameters.Contains(key))
        {
            _command.Parameters[key].Value = value ?? DBNull.Value;
        }
        else
        {
            _command.Parameters.AddWithValue(key, value ?? DBNull.Value);
        }

        return this;
    }

    /// <summary>Runs it and gives the rows changed (0 for an INSERT OR IGNORE that found its key).</summary>
    public int Execute() => _command.ExecuteNonQuery();

    public long ScalarInt64() => Convert.ToInt64(_command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    public SqliteDataReader Read() => _command.ExecuteReader();

    public void Dispose() => _command.Dispose();
}
