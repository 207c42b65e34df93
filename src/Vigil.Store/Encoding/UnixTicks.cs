namespace Vigil.Store.Encoding;

/// <summary>
/// The store's one time format: 100-nanosecond ticks since the Unix epoch, UTC, as INTEGER. Event times keep their full
/// precision, and ordering and windows are plain integer comparisons.
/// </summary>
internal static class UnixTicks
{
    public static long Of(DateTimeOffset time) => time.UtcTicks - DateTime.UnixEpoch.Ticks;

    public static DateTimeOffset ToDateTimeOffset(long ticks) => new(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero);
}
