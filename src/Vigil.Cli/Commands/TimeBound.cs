using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Cli.Commands;

/// <summary>
/// A --since or --until value: an ISO-8601 date or time, or a Splunk relative time (-7d, -24h, -7d@d, now) read as a
/// search's earliest= reads it. Both read in the --tz zone: a time without an offset is wall-clock time there, and @d
/// snaps to its midnight.
/// </summary>
internal static partial class TimeBound
{
    public const string Help = "an ISO-8601 date or time (2024-05-01, 2024-05-01T13:30:00Z) or a Splunk relative time (-7d, -24h, -7d@d, @w1, now); times without an offset and snaps are in --tz (default UTC)";

    public static bool TryParse(string text, Timestamp now, TimeZoneInfo zone, out Timestamp time)
    {
        var trimmed = text.Trim();
        if (RelativeTimeSpecifier.TryResolve(trimmed, now, zone, out time))
        {
            return true;
        }

        if (!Absolute().IsMatch(trimmed)
            || !DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            || (parsed.Kind != DateTimeKind.Utc && zone.IsInvalidTime(parsed)))
        {
            // A wall-clock time a daylight-saving change skips names no instant.
            return false;
        }

        // An ISO time with Z or an offset parses as UTC already; one without is wall-clock time in the zone.
        time = Timestamp.FromDateTime(parsed.Kind == DateTimeKind.Utc ? parsed : TimeZoneInfo.ConvertTimeToUtc(parsed, zone));
        return true;
    }

    /// <summary>ISO 8601 only: DateTime.TryParse alone would also take "May 1" or "1/5/2024", whose meaning depends on who reads it.</summary>
    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex Absolute();
}
