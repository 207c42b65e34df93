using System.Globalization;
using Vigil.Spl.Values;

namespace Vigil.Spl.Time;

public enum TimeUnit
{
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// <summary>
/// A bin size such as <c>span=1h</c> (tstats, bin, timechart): a count of a time unit (a quarter is three months).
/// Seconds to hours bin on the epoch; days and longer bin on calendar boundaries in the search's time zone, as Splunk
/// does.
/// </summary>
public readonly record struct TimeSpanSpec(int Count, TimeUnit Unit)
{
    public static bool TryParse(string text, out TimeSpanSpec span)
    {
        span = default;
        var trimmed = text.Trim();
        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }

        var count = 1;
        if (digits > 0 && !int.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            return false;
        }

        var unitText = trimmed[digits..].ToLowerInvariant();
        if (unitText is "q" or "qtr" or "qtrs" or "quarter" or "quarters")
        {
            // A quarter is three months, binned on calendar quarters.
            count *= 3;
            unitText = "mon";
        }

        TimeUnit? unit = unitText switch
        {
            "" or "s" or "sec" or "secs" or "second" or "seconds" => TimeUnit.Second,
            "m" or "min" or "mins" or "minute" or "minutes" => TimeUnit.Minute,
            "h" or "hr" or "hrs" or "hour" or "hours" => TimeUnit.Hour,
            "d" or "day" or "days" => TimeUnit.Day,
            "w" or "week" or "weeks" => TimeUnit.Week,
            "mon" or "month" or "months" => TimeUnit.Month,
            "y" or "yr" or "yrs" or "year" or "years" => TimeUnit.Year,
            _ => null,
        };
        if (unit is null || count <= 0)
        {
            return false;
        }

        span = new TimeSpanSpec(count, unit.Value);
        return true;
    }

    /// <summary>Whether bins of this span follow the calendar (days and longer) rather than fixed lengths of time.</summary>
    public bool IsCalendar => Unit >= TimeUnit.Day;

    private long FixedTicks => Count * Unit switch { TimeUnit.Second => 1L, TimeUnit.Minute => 60L, _ => 3600L } * Timestamp.TicksPerSecond;

    /// <summary>
    /// The start of the bin the time falls in, bins of seconds to hours counted from <paramref name="alignment"/>
    /// instead of the epoch (bin aligntime=); calendar spans ignore the alignment, as Splunk does.
    /// </summary>
    public Timestamp Floor(Timestamp time, TimeZoneInfo zone, Timestamp alignment)
    {
        if (IsCalendar)
        {
            return Floor(time, zone);
        }

        var size = FixedTicks;
        return new Timestamp((FloorDiv(time.UnixTicks - alignment.UnixTicks, size) * size) + alignment.UnixTicks);
    }

    /// <summary>The start of the bin the time falls in.</summary>
    public Timestamp Floor(Timestamp time, TimeZoneInfo zone)
    {
        switch (Unit)
        {
            case TimeUnit.Second:
            case TimeUnit.Minute:
            case TimeUnit.Hour:
                return new Timestamp(FloorDiv(time.UnixTicks, FixedTicks) * FixedTicks);
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(time.ToDateTime(), zone);
        DateTime start;
        switch (Unit)
        {
            case TimeUnit.Day:
                var days = (long)(local.Date - DateTime.UnixEpoch.Date).TotalDays;
                start = DateTime.UnixEpoch.Date.AddDays(FloorDiv(days, Count) * Count);
                break;
            case TimeUnit.Week:
                // Weeks start on Sunday, the first day of Splunk's %U week.
                var sunday = local.Date.AddDays(-(int)local.DayOfWeek);
                var weeks = (long)(sunday - new DateTime(1969, 12, 28)).TotalDays / 7;
                start = new DateTime(1969, 12, 28).AddDays(FloorDiv(weeks, Count) * Count * 7);
                break;
            case TimeUnit.Month:
                var months = (local.Year * 12) + local.Month - 1;
                var binned = (int)(FloorDiv(months, Count) * Count);
                start = new DateTime(binned / 12, (binned % 12) + 1, 1);
                break;
            default:
                start = new DateTime((int)(FloorDiv(local.Year, Count) * Count), 1, 1);
                break;
        }

        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), zone);
        return Timestamp.FromDateTime(utc);
    }

    private static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor);
}
