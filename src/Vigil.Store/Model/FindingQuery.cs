using Vigil.Hunt;

namespace Vigil.Store;

/// <summary>Which stored findings to list; every filter left null lets everything through.</summary>
public sealed record FindingQuery
{
    /// <summary>Part of the detection's name or id, in any case.</summary>
    public string? Detection { get; init; }

    /// <summary>A risk object the finding raises risk on, in any case (matched against normalized_risk_object).</summary>
    public string? Entity { get; init; }

    /// <summary>The window the finding's time (its newest event, else the hunt's time) falls in; null for all time.</summary>
    public TimeWindow? Window { get; init; }

    /// <summary>At most this many, newest first; null for all.</summary>
    public int? Limit { get; init; }
}
