using Vigil.Spl.Values;

namespace Vigil.Store;

/// <summary>A span of time to read: from <see cref="Since"/> (inclusive) to <see cref="Until"/> (exclusive); either end may be open.</summary>
public readonly record struct TimeWindow(Timestamp? Since, Timestamp? Until)
{
    public static TimeWindow All => default;

    public bool Contains(Timestamp time) => (Since is not { } since || time >= since) && (Until is not { } until || time < until);
}
