using Microsoft.Data.Sqlite;

namespace Vigil.Store.Encoding;

/// <summary>SQLite's own short text for an error ("file is not a database"), for one-line messages.</summary>
internal static class SqliteErrors
{
    public static string Describe(SqliteException exception)
    {
        var text = SQLitePCL.raw.sqlite3_errstr(exception.SqliteErrorCode).utf8_to_string();
        return string.IsNullOrEmpty(text) ? exception.Message : text;
    }
}
