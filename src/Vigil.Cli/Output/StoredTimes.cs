using System.Globalization;
using Vigil.Spl.Values;

namespace Vigil.Cli.Output;

/// <summary>
/// Times as the store commands show them: to the second in the --tz zone in tables (Z for UTC, else the offset), in
/// full (100 ns, UTC) in JSON, so machine output never depends on who ran the command.
/// </summary>
internal static class StoredTimes
{
    public static string Short(Timestamp? time, TimeZoneInfo zone) =>
        time is { } value ? Short(new DateTimeOffset(value.ToDateTime()), zone) : "-";

    public static string Short(DateTimeOffset time, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(time, zone);
        return local.Offset == TimeSpan.Zero && zone == TimeZoneInfo.Utc
            ? local.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    public static string Full(Timestamp time) => time.ToString();
}
