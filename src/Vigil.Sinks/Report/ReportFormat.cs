using System.Globalization;

namespace Vigil.Sinks.Report;

/// <summary>How the report writes times and numbers: UTC in ISO 8601 and invariant digits, so the same data gives the same page anywhere.</summary>
internal static class ReportFormat
{
    private const string IsoSeconds = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The earliest and latest instants a <see cref="DateTime"/> holds, as Unix ticks.</summary>
    public static readonly long MinUnixTicks = DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks;

    public static readonly long MaxUnixTicks = DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(IsoSeconds, CultureInfo.InvariantCulture);

    public static string UnixTime(long unixTicks) => Utc(unixTicks).ToString(IsoSeconds, CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } t ? Time(t) : "no time";

    /// <summary>
    /// A Unix-tick time as a UTC <see cref="DateTime"/>. A damaged record can carry a time no <see cref="DateTime"/>
    /// holds (FILETIME reaches year 30828); such times are pinned to the nearest one rather than failing the report.
    /// </summary>
    public static DateTime Utc(long unixTicks) => new(Clamp(unixTicks) + DateTime.UnixEpoch.Ticks, DateTimeKind.Utc);

    public static long Clamp(long unixTicks) => Math.Clamp(unixTicks, MinUnixTicks, MaxUnixTicks);

    public static long UnixTicks(DateTime utc) => utc.Ticks - DateTime.UnixEpoch.Ticks;

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Count(long count, string one, string many) => Number(count) + " " + (count == 1 ? one : many);
}
