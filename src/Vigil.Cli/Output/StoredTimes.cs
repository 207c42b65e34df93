using System.Globalization;
using Vigil.Spl.Values;

namespace Vigil.Cli.Output;

/// <summary>Times as the store commands show them: to the second in tables, in full (100 ns) in JSON; always UTC.</summary>
internal static class StoredTimes
{
    public static string Short(Timestamp? time) =>
        time is { } value ? value.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Short(DateTimeOffset time) => Short(Timestamp.FromDateTime(time.UtcDateTime));

    public static string Full(Timestamp time) => time.ToString();
}
