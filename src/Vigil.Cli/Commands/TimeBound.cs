using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Spl.Values;

namespace Vigil.Cli.Commands;

/// <summary>
/// A --since or --until value: an ISO-8601 date or time (UTC unless it gives an offset), or a time relative to now
/// such as -7d, -24h, -30m, -90s or -2w.
/// </summary>
internal static partial class TimeBound
{
    public const string Help = "an ISO-8601 date or time (2024-05-01, 2024-05-01T13:30:00Z; UTC unless an offset is given) or a time before now (-7d, -24h, -30m, -90s, -2w)";

    public static bool TryParse(string text, DateTimeOffset now, out Timestamp time)
    {
        time = default;
        var trimmed = text.Trim();
        var relative = Relative().Match(trimmed);
        if (relative.Success)
        {
            if (!long.TryParse(relative.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return false;
            }

            var unit = relative.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                _ => TimeSpan.FromDays(7),
            };
            if (count > (now.UtcTicks - DateTime.UnixEpoch.Ticks) / unit.Ticks)
            {
                return false;
            }

            time = Timestamp.FromDateTime(now.UtcDateTime - (unit * count));
            return true;
        }

        if (!Absolute().IsMatch(trimmed)
            || !DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var absolute))
        {
            return false;
        }

        time = Timestamp.FromDateTime(absolute.UtcDateTime);
        return true;
    }

    [GeneratedRegex("^-([0-9]{1,9})([smhdw])$")]
    private static partial Regex Relative();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$")]
    private static partial Regex Absolute();
}
