using System.Globalization;

namespace Vigil.Spl.Values;

/// <summary>
/// A point in time as 100-nanosecond ticks since the Unix epoch (UTC), the precision of Windows' SystemTime, kept
/// whole so that truncating to seconds never rounds. The SPL engine's own time type: it knows rows, not events.
/// </summary>
public readonly record struct Timestamp(long UnixTicks) : IComparable<Timestamp>
{
    public const long TicksPerSecond = TimeSpan.TicksPerSecond;

    public static Timestamp FromDateTime(DateTime utc) =>
        new(utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks);

    public static Timestamp FromSeconds(long seconds) => new(seconds * TicksPerSecond);

    public DateTime ToDateTime() => new(DateTime.UnixEpoch.Ticks + UnixTicks, DateTimeKind.Utc);

    /// <summary>Whole seconds since the epoch, rounded toward negative infinity.</summary>
    public long UnixSeconds => UnixTicks >= 0 ? UnixTicks / TicksPerSecond : -((-UnixTicks + TicksPerSecond - 1) / TicksPerSecond);

    public double ToEpochSeconds() => UnixTicks / (double)TicksPerSecond;

    public static bool operator <(Timestamp left, Timestamp right) => left.UnixTicks < right.UnixTicks;

    public static bool operator >(Timestamp left, Timestamp right) => left.UnixTicks > right.UnixTicks;

    public static bool operator <=(Timestamp left, Timestamp right) => left.UnixTicks <= right.UnixTicks;

    public static bool operator >=(Timestamp left, Timestamp right) => left.UnixTicks >= right.UnixTicks;

    public int CompareTo(Timestamp other) => UnixTicks.CompareTo(other.UnixTicks);

    public override string ToString() => ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
