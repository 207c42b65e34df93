using System.Globalization;

namespace Vigil.Events.Model;

/// <summary>
/// A point in time as 100-nanosecond ticks since the Unix epoch (UTC): the precision of Windows' SystemTime, kept
/// whole so that truncating to seconds never rounds.
/// </summary>
public readonly record struct EventTime(long UnixTicks) : IComparable<EventTime>
{
    public const long TicksPerSecond = TimeSpan.TicksPerSecond;

    public static EventTime FromDateTime(DateTime utc) =>
        new(utc.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks);

    public DateTime ToDateTime() => new(DateTime.UnixEpoch.Ticks + UnixTicks, DateTimeKind.Utc);

    /// <summary>Whole seconds since the epoch, rounded toward negative infinity.</summary>
    public long UnixSeconds => UnixTicks >= 0 ? UnixTicks / TicksPerSecond : -((-UnixTicks + TicksPerSecond - 1) / TicksPerSecond);

    public double ToEpochSeconds() => UnixTicks / (double)TicksPerSecond;

    public static bool operator <(EventTime left, EventTime right) => left.UnixTicks < right.UnixTicks;

    public static bool operator >(EventTime left, EventTime right) => left.UnixTicks > right.UnixTicks;

    public static bool operator <=(EventTime left, EventTime right) => left.UnixTicks <= right.UnixTicks;

    public static bool operator >=(EventTime left, EventTime right) => left.UnixTicks >= right.UnixTicks;

    public int CompareTo(EventTime other) => UnixTicks.CompareTo(other.UnixTicks);

    /// <summary>Parses an ISO-8601 SystemTime such as <c>2022-12-20T15:58:25.325383600Z</c>, any number of digits.</summary>
    public static bool TryParseSystemTime(string text, out EventTime time)
    {
        time = default;
        var span = text.AsSpan().Trim();
        if (span.Length < 19 || span[4] != '-' || span[7] != '-' || (span[10] != 'T' && span[10] != ' ') || span[13] != ':' || span[16] != ':')
        {
            return false;
        }

        if (!TryDigits(span[..4], out var year) || !TryDigits(span[5..7], out var month) || !TryDigits(span[8..10], out var day)
            || !TryDigits(span[11..13], out var hour) || !TryDigits(span[14..16], out var minute) || !TryDigits(span[17..19], out var second))
        {
            return false;
        }

        var rest = span[19..];
        long fraction = 0;
        if (!rest.IsEmpty && rest[0] == '.')
        {
            var digits = 0;
            var i = 1;
            for (; i < rest.Length && char.IsAsciiDigit(rest[i]); i++)
            {
                // Digits past the seventh are below 100 ns: dropped, never rounded.
                if (digits < 7)
                {
                    fraction = (fraction * 10) + (rest[i] - '0');
                    digits++;
                }
            }

            if (i == 1)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }

            rest = rest[i..];
        }

        var offset = TimeSpan.Zero;
        if (rest.Length == 1 && (rest[0] == 'Z' || rest[0] == 'z'))
        {
            rest = [];
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
            && TryDigits(rest[1..3], out var oh) && TryDigits(rest[4..6], out var om))
        {
            offset = new TimeSpan(oh, om, 0) * (rest[0] == '-' ? -1 : 1);
            rest = [];
        }

        if (!rest.IsEmpty || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month)
            || hour > 23 || minute > 59 || second > 59 || year < 1)
        {
            return false;
        }

        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction) - offset;
        time = FromDateTime(utc);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> span, out int value) =>
        int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>ISO-8601 UTC with all seven digits of the fraction, as every export writes a time.</summary>
    public bool TryFormat(Span<char> destination, out int written) =>
        ToDateTime().TryFormat(destination, out written, IsoFormat, CultureInfo.InvariantCulture);

    public override string ToString() => ToDateTime().ToString(IsoFormat, CultureInfo.InvariantCulture);

    private const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
}
