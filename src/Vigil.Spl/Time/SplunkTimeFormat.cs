using System.Globalization;
using System.Text;
using Vigil.Spl.Values;

namespace Vigil.Spl.Time;

/// <summary>
/// Splunk's strftime-style time formats (<c>%Y-%m-%dT%H:%M:%S</c>, <c>%3N</c> sub-seconds, <c>%z</c> ...), for
/// <c>convert ctime</c>, <c>strftime</c> and <c>strptime</c>. Sub-seconds are truncated, never rounded.
/// </summary>
public static class SplunkTimeFormat
{
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public static string Format(Timestamp time, string format, TimeZoneInfo zone)
    {
        var utc = time.ToDateTime();
        var offset = zone.GetUtcOffset(utc);
        var local = utc + offset;
        var subTicks = (int)(time.UnixTicks - (time.UnixSeconds * Timestamp.TicksPerSecond));
        var builder = new StringBuilder(format.Length + 16);
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = format[++i];
            var width = -1;
            if (char.IsAsciiDigit(next) && i + 1 < format.Length && format[i + 1] is 'N' or 'Q')
            {
                width = next - '0';
                next = format[++i];
            }

            switch (next)
            {
                case 'Y': builder.Append(local.Year.ToString("D4", CultureInfo.InvariantCulture)); break;
                case 'y': builder.Append((local.Year % 100).ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'C': builder.Append((local.Year / 100).ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'm': builder.Append(local.Month.ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'd': builder.Append(local.Day.ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'e': builder.Append(local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)); break;
                case 'H': builder.Append(local.Hour.ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'k': builder.Append(local.Hour.ToString(CultureInfo.InvariantCulture).PadLeft(2)); break;
                case 'I': builder.Append(Hour12(local).ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'l': builder.Append(Hour12(local).ToString(CultureInfo.InvariantCulture).PadLeft(2)); break;
                case 'M': builder.Append(local.Minute.ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'S': builder.Append(local.Second.ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'p': builder.Append(local.Hour < 12 ? "AM" : "PM"); break;
                case 'j': builder.Append(local.DayOfYear.ToString("D3", CultureInfo.InvariantCulture)); break;
                case 'a': builder.Append(Days[(int)local.DayOfWeek][..3]); break;
                case 'A': builder.Append(Days[(int)local.DayOfWeek]); break;
                case 'b':
                case 'h': builder.Append(Months[local.Month - 1][..3]); break;
                case 'B': builder.Append(Months[local.Month - 1]); break;
                case 'w': builder.Append((int)local.DayOfWeek); break;
                case 'u': builder.Append(local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek); break;
                case 'U': builder.Append(((local.DayOfYear + 6 - (int)local.DayOfWeek) / 7).ToString("D2", CultureInfo.InvariantCulture)); break;
                case 'V': builder.Append(ISOWeek.GetWeekOfYear(local).ToString("D2", CultureInfo.InvariantCulture)); break;
                case 's': builder.Append(time.UnixSeconds.ToString(CultureInfo.InvariantCulture)); break;
                case 'N':
                case 'Q':
                case 'f':
                    builder.Append(SubSeconds(subTicks, width >= 0 ? width : next switch { 'N' => 9, 'f' => 6, _ => 3 }));
                    break;
                case 'T': builder.Append(local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)); break;
                case 'R': builder.Append(local.ToString("HH:mm", CultureInfo.InvariantCulture)); break;
                case 'D': builder.Append(local.ToString("MM/dd/yy", CultureInfo.InvariantCulture)); break;
                case 'F': builder.Append(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case 'c': builder.Append(Days[(int)local.DayOfWeek][..3]).Append(' ').Append(Months[local.Month - 1][..3]).Append(' ')
                    .Append(local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)).Append(' ')
                    .Append(local.ToString("HH:mm:ss yyyy", CultureInfo.InvariantCulture)); break;
                case 'x': builder.Append(local.ToString("MM/dd/yy", CultureInfo.InvariantCulture)); break;
                case 'X': builder.Append(local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)); break;
                case 'z': builder.Append(FormatOffset(offset, colon: false)); break;
                case ':' when i + 1 < format.Length && format[i + 1] == 'z':
                    i++;
                    builder.Append(FormatOffset(offset, colon: true));
                    break;
                case 'Z': builder.Append(ZoneAbbreviation(zone, offset)); break;
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case '%': builder.Append('%'); break;
                default:
                    // Unknown directives stay as written, as C's strftime leaves them.
                    builder.Append('%').Append(next);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Reads a time written in the format; fields missing from the format default as Splunk's do (1970-01-01, midnight).</summary>
    public static bool TryParse(string text, string format, TimeZoneInfo zone, out Timestamp time)
    {
        time = default;
        int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, dayOfYear = -1;
        long subTicks = 0;
        bool? pm = null;
        TimeSpan? offset = null;
        long? epoch = null;
        var t = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%' || i + 1 >= format.Length)
            {
                if (char.IsWhiteSpace(c))
                {
                    while (t < text.Length && char.IsWhiteSpace(text[t]))
                    {
                        t++;
                    }

                    continue;
                }

                if (t >= text.Length || text[t] != c)
                {
                    return false;
                }

                t++;
                continue;
            }

            var next = format[++i];
            var width = -1;
            if (char.IsAsciiDigit(next) && i + 1 < format.Length && format[i + 1] is 'N' or 'Q')
            {
                width = next - '0';
                next = format[++i];
            }

            bool ok;
            switch (next)
            {
                case 'Y': ok = Number(text, ref t, 4, out year); break;
                case 'y':
                    ok = Number(text, ref t, 2, out var yy);
                    year = yy < 69 ? 2000 + yy : 1900 + yy;
                    break;
                case 'm': ok = Number(text, ref t, 2, out month); break;
                case 'd':
                case 'e': ok = Number(text, ref t, 2, out day); break;
                case 'H':
                case 'k':
                case 'I':
                case 'l': ok = Number(text, ref t, 2, out hour); break;
                case 'M': ok = Number(text, ref t, 2, out minute); break;
                case 'S': ok = Number(text, ref t, 2, out second); break;
                case 'j': ok = Number(text, ref t, 3, out dayOfYear); break;
                case 'p':
                    ok = t + 2 <= text.Length;
                    if (ok)
                    {
                        var marker = text.Substring(t, 2).ToUpperInvariant();
                        ok = marker is "AM" or "PM";
                        pm = marker == "PM";
                        t += 2;
                    }

                    break;
                case 'b':
                case 'h':
                case 'B': ok = Name(text, ref t, Months, out var monthIndex); month = monthIndex + 1; break;
                case 'a':
                case 'A': ok = Name(text, ref t, Days, out _); break;
                case 's':
                    var start = t;
                    if (t < text.Length && text[t] == '-')
                    {
                        t++;
                    }

                    while (t < text.Length && char.IsAsciiDigit(text[t]))
                    {
                        t++;
                    }

                    ok = long.TryParse(text.AsSpan(start, t - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds);
                    epoch = seconds;
                    break;
                case 'N':
                case 'Q':
                case 'f':
                    ok = SubSecondDigits(text, ref t, width, out subTicks);
                    break;
                case 'T':
                    ok = Number(text, ref t, 2, out hour) && Literal(text, ref t, ':') && Number(text, ref t, 2, out minute) && Literal(text, ref t, ':') && Number(text, ref t, 2, out second);
                    break;
                case 'F':
                    ok = Number(text, ref t, 4, out year) && Literal(text, ref t, '-') && Number(text, ref t, 2, out month) && Literal(text, ref t, '-') && Number(text, ref t, 2, out day);
                    break;
                case 'D':
                    var y2 = 0;
                    ok = Number(text, ref t, 2, out month) && Literal(text, ref t, '/') && Number(text, ref t, 2, out day) && Literal(text, ref t, '/') && Number(text, ref t, 2, out y2);
                    year = 2000 + y2;
                    break;
                case 'z':
                case ':':
                    if (next == ':' && i + 1 < format.Length && format[i + 1] == 'z')
                    {
                        i++;
                    }

                    ok = ParseOffset(text, ref t, out var parsedOffset);
                    offset = parsedOffset;
                    break;
                case 'Z':
                    var zoneStart = t;
                    while (t < text.Length && (char.IsAsciiLetter(text[t]) || text[t] is '+' or '-' || char.IsAsciiDigit(text[t]) || text[t] == ':'))
                    {
                        t++;
                    }

                    var name = text[zoneStart..t];
                    ok = name.Length > 0;
                    if (name is "UTC" or "GMT" or "Z")
                    {
                        offset = TimeSpan.Zero;
                    }
                    else if (name.Length > 0 && name[0] is '+' or '-')
                    {
                        var k = 0;
                        ok = ParseOffset(name, ref k, out var zoneOffset) && k == name.Length;
                        offset = zoneOffset;
                    }

                    break;
                case '%': ok = Literal(text, ref t, '%'); break;
                default: return false;
            }

            if (!ok)
            {
                return false;
            }
        }

        if (t != text.Length)
        {
            return false;
        }

        if (epoch is { } epochSeconds)
        {
            time = new Timestamp((epochSeconds * Timestamp.TicksPerSecond) + subTicks);
            return true;
        }

        if (pm is { } isPm)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = (hour % 12) + (isPm ? 12 : 0);
        }

        if (year < 1 || year > 9999 || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        DateTime local;
        if (dayOfYear > 0)
        {
            local = new DateTime(year, 1, 1, hour, minute, 0, DateTimeKind.Unspecified).AddDays(dayOfYear - 1);
        }
        else
        {
            if (day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        }

        local = local.AddSeconds(second).AddTicks(subTicks);
        var utc = offset is { } fixedOffset
            ? DateTime.SpecifyKind(local - fixedOffset, DateTimeKind.Utc)
            : TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(local) ? local.AddHours(1) : local, zone);
        time = Timestamp.FromDateTime(utc);
        return true;
    }

    private static int Hour12(DateTime time) => time.Hour % 12 == 0 ? 12 : time.Hour % 12;

    private static string SubSeconds(int subTicks, int width)
    {
        // Nine digits of nanoseconds, then cut to the width asked for.
        var nanos = ((long)subTicks * 100).ToString("D9", CultureInfo.InvariantCulture);
        width = Math.Clamp(width == 0 ? 3 : width, 1, 9);
        return nanos[..width];
    }

    private static string FormatOffset(TimeSpan offset, bool colon)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return colon
            ? $"{sign}{abs.Hours:D2}:{abs.Minutes:D2}"
            : $"{sign}{abs.Hours:D2}{abs.Minutes:D2}";
    }

    private static string ZoneAbbreviation(TimeZoneInfo zone, TimeSpan offset)
    {
        if (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC")
        {
            return "UTC";
        }

        return FormatOffset(offset, colon: false);
    }

    private static bool Number(string text, ref int t, int maxDigits, out int value)
    {
        value = 0;
        var start = t;
        while (t < text.Length && t - start < maxDigits && char.IsAsciiDigit(text[t]))
        {
            value = (value * 10) + (text[t] - '0');
            t++;
        }

        return t > start;
    }

    private static bool SubSecondDigits(string text, ref int t, int width, out long ticks)
    {
        ticks = 0;
        var start = t;
        var max = width > 0 ? width : 9;
        var digits = 0;
        while (t < text.Length && t - start < max && char.IsAsciiDigit(text[t]))
        {
            if (digits < 7)
            {
                ticks = (ticks * 10) + (text[t] - '0');
                digits++;
            }

            t++;
        }

        for (var d = digits; d < 7; d++)
        {
            ticks *= 10;
        }

        return t > start;
    }

    private static bool Literal(string text, ref int t, char c)
    {
        if (t < text.Length && text[t] == c)
        {
            t++;
            return true;
        }

        return false;
    }

    private static bool Name(string text, ref int t, string[] names, out int index)
    {
        for (index = 0; index < names.Length; index++)
        {
            var full = names[index];
            if (string.Compare(text, t, full, 0, full.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                t += full.Length;
                return true;
            }
        }

        for (index = 0; index < names.Length; index++)
        {
            if (string.Compare(text, t, names[index], 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
            {
                t += 3;
                return true;
            }
        }

        return false;
    }

    private static bool ParseOffset(string text, ref int t, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (t < text.Length && text[t] == 'Z')
        {
            t++;
            return true;
        }

        if (t >= text.Length || text[t] is not ('+' or '-'))
        {
            return false;
        }

        var negative = text[t] == '-';
        t++;
        if (!Number(text, ref t, 2, out var hours))
        {
            return false;
        }

        if (t < text.Length && text[t] == ':')
        {
            t++;
        }

        Number(text, ref t, 2, out var minutes);
        offset = new TimeSpan(hours, minutes, 0) * (negative ? -1 : 1);
        return true;
    }
}
