using Microsoft.Data.Sqlite;

namespace Vigil.Store.Encoding;

/// <summary>Nullable columns read as nullable values.</summary>
internal static class ReaderColumns
{
    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
