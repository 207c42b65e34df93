using System.Globalization;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>A unit of Splunk's relative time modifiers (Search Reference, "Time modifiers").</summary>
internal enum RelativeUnit
{
    Microsecond,
    Millisecond,
    Centisecond,
    Decisecond,
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

/// <summary>
/// An offset such as <c>-7d</c> or <c>+1h</c>. Units up to hours are fixed lengths; days and longer move the
/// calendar in the search's time zone, so <c>-1d</c> across a daylight-saving change keeps the time of day.
/// </summary>
internal readonly record struct TimeOffset(long Amount, RelativeUnit Unit)
{
    public Timestamp AddTo(Timestamp time, TimeZoneInfo zone)
    {
        var fixedTicks = Unit switch
        {
            RelativeUnit.Microsecond => 10L,
            RelativeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
            RelativeUnit.Centisecond => 10 * TimeSpan.TicksPerMillisecond,
            RelativeUnit.Decisecond => 100 * TimeSpan.TicksPerMillisecond,
            RelativeUnit.Second => TimeSpan.TicksPerSecond,
            RelativeUnit.Minute => TimeSpan.TicksPerMinute,
            RelativeUnit.Hour => TimeSpan.TicksPerHour,
            _ => 0L,
        };
        if (fixedTicks > 0)
        {
            return new Timestamp(time.UnixTicks + (Amount * fixedTicks));
        }

        var local = RelativeTime.ToLocal(time, zone);
        var moved = Unit switch
        {
            RelativeUnit.Day => local.AddDays(Amount),
            RelativeUnit.Week => local.AddDays(7 * Amount),
            RelativeUnit.Month => local.AddMonths((int)Amount),
            RelativeUnit.Quarter => local.AddMonths(3 * (int)Amount),
            _ => local.AddYears((int)Amount),
        };
        return RelativeTime.FromLocal(moved, zone);
    }
}

/// <summary>
/// Splunk's relative time specifiers as relative_time() reads them: offsets (<c>[+|-][N]unit</c>) and snaps
/// (<c>@unit</c>, <c>@w0</c>..<c>@w7</c>) applied left to right, so <c>-1d@d</c> is yesterday's midnight and
/// <c>@d-2h</c> is 22:00 yesterday; <c>now</c> is the time itself. Snapping rounds down in the search's time zone.
/// </summary>
internal static class RelativeTime
{
    public static bool TryApply(string specifier, Timestamp time, TimeZoneInfo zone, out Timestamp result)
    {
        try
        {
            return TryApplyInRange(specifier, time, zone, out result);
        }
        catch (ArgumentOutOfRangeException)
        {
            // An offset past year 9999 or before year 1: no time, as for a malformed specifier.
            result = default;
            return false;
        }
    }

    private static bool TryApplyInRange(string specifier, Timestamp time, TimeZoneInfo zone, out Timestamp result)
    {
        result = time;
        var text = specifier.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Length == 0)
        {
            return false;
        }

        var position = 0;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '@')
            {
                var unit = ReadWord(text, ref position, 1);
                if (!TrySnap(unit, result, zone, out result))
                {
                    return false;
                }
            }
            else if (c is '+' or '-')
            {
                var end = position + 1;
                while (end < text.Length && text[end] is not ('@' or '+' or '-'))
                {
                    end++;
                }

                if (!TryParseOffset(text[position..end], out var offset))
                {
                    return false;
                }

                result = offset.AddTo(result, zone);
                position = end;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An offset: an optional sign, an optional count (1 when left out) and a unit.</summary>
    public static bool TryParseOffset(string text, out TimeOffset offset)
    {
        offset = default;
        var span = text.AsSpan().Trim();
        var sign = 1L;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            sign = span[0] == '-' ? -1 : 1;
            span = span[1..];
        }

        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            digits++;
        }

        var amount = 1L;
        if (digits > 0 && !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out amount))
        {
            return false;
        }

        if (amount > 100_000_000 || UnitOf(span[digits..].ToString()) is not { } unit)
        {
            return false;
        }

        offset = new TimeOffset(sign * amount, unit);
        return true;
    }

    public static DateTime ToLocal(Timestamp time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(time.ToDateTime(), zone);

    /// <summary>A wall-clock time in the zone; one that a daylight-saving change skips moves forward by the change.</summary>
    public static Timestamp FromLocal(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return Timestamp.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone));
    }

    private static string ReadWord(string text, ref int position, int skip)
    {
        var start = position + skip;
        var end = start;
        while (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
        {
            end++;
        }

        position = end;
        return text[start..end];
    }

    private static bool TrySnap(string unitText, Timestamp time, TimeZoneInfo zone, out Timestamp snapped)
    {
        snapped = time;
        var lower = unitText.ToLowerInvariant();
        if (lower.Length == 2 && lower[0] == 'w' && lower[1] is >= '0' and <= '7')
        {
            snapped = StartOfWeek(time, zone, (lower[1] - '0') % 7);
            return true;
        }

        if (UnitOf(lower) is not { } unit)
        {
            return false;
        }

        var local = ToLocal(time, zone);
        DateTime start;
        switch (unit)
        {
            case RelativeUnit.Microsecond:
            case RelativeUnit.Millisecond:
            case RelativeUnit.Centisecond:
            case RelativeUnit.Decisecond:
                var size = unit switch
                {
                    RelativeUnit.Microsecond => 10L,
                    RelativeUnit.Millisecond => TimeSpan.TicksPerMillisecond,
                    RelativeUnit.Centisecond => 10 * TimeSpan.TicksPerMillisecond,
                    _ => 100 * TimeSpan.TicksPerMillisecond,
                };
                snapped = new Timestamp(time.UnixTicks - (((time.UnixTicks % size) + size) % size));
                return true;
            case RelativeUnit.Second:
                start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second);
                break;
            case RelativeUnit.Minute:
                start = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
                break;
            case RelativeUnit.Hour:
                start = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0);
                break;
            case RelativeUnit.Day:
                start = local.Date;
                break;
            case RelativeUnit.Week:
                snapped = StartOfWeek(time, zone, 0);
                return true;
            case RelativeUnit.Month:
                start = new DateTime(local.Year, local.Month, 1);
                break;
            case RelativeUnit.Quarter:
                start = new DateTime(local.Year, (((local.Month - 1) / 3) * 3) + 1, 1);
                break;
            default:
                start = new DateTime(local.Year, 1, 1);
                break;
        }

        snapped = FromLocal(start, zone);
        return true;
    }

    /// <summary>Midnight of the latest given weekday (0 Sunday .. 6 Saturday) not after the time.</summary>
    private static Timestamp StartOfWeek(Timestamp time, TimeZoneInfo zone, int weekday)
    {
        var local = ToLocal(time, zone);
        var back = ((int)local.DayOfWeek - weekday + 7) % 7;
        return FromLocal(local.Date.AddDays(-back), zone);
    }

    private static RelativeUnit? UnitOf(string unit) => unit.ToLowerInvariant() switch
    {
        "us" => RelativeUnit.Microsecond,
        "ms" => RelativeUnit.Millisecond,
        "cs" => RelativeUnit.Centisecond,
        "ds" => RelativeUnit.Decisecond,
        "s" or "sec" or "secs" or "second" or "seconds" => RelativeUnit.Second,
        "m" or "min" or "mins" or "minute" or "minutes" => RelativeUnit.Minute,
        "h" or "hr" or "hrs" or "hour" or "hours" => RelativeUnit.Hour,
        "d" or "day" or "days" => RelativeUnit.Day,
        "w" or "week" or "weeks" => RelativeUnit.Week,
        "mon" or "month" or "months" => RelativeUnit.Month,
        "q" or "qtr" or "qtrs" or "quarter" or "quarters" => RelativeUnit.Quarter,
        "y" or "yr" or "yrs" or "year" or "years" => RelativeUnit.Year,
        _ => null,
    };
}
