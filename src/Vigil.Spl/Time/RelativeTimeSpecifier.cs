using Vigil.Spl.Eval.Functions;
using Vigil.Spl.Values;

namespace Vigil.Spl.Time;

/// <summary>
/// Splunk's relative time specifiers (<c>-7d</c>, <c>-24h</c>, <c>-7d@d</c>, <c>@w1</c>, <c>now</c>) for callers outside
/// the engine, such as the command line's --since and --until, so they read exactly as <c>earliest=</c> and
/// relative_time() do.
/// </summary>
public static class RelativeTimeSpecifier
{
    /// <summary>The time the specifier names counted from now, snapping in the zone; false when it is no specifier or leaves the years a timestamp holds.</summary>
    public static bool TryResolve(string specifier, Timestamp now, TimeZoneInfo zone, out Timestamp time) =>
        RelativeTime.TryApply(specifier, now, zone, out time);
}
