
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>What a search run needs from outside: the time zone times are shown in and the time the search started.</summary>
public sealed class SearchContext
{
    public SearchContext(TimeZoneInfo zone, Timestamp now)
    {
        Zone = zone;
        Now = now;
    }

    public static SearchContext Utc() => new(TimeZoneInfo.Utc, Timestamp.FromDateTime(DateTime.UtcNow));

    public TimeZoneInfo Zone { get; }

    /// <summary>now() in eval: fixed for the whole search, as in Splunk.</summary>
    public Timestamp Now { get; }
}
