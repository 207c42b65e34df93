using Vigil.Spl.Values;

namespace Vigil.Store;

/// <summary>
/// An entity's risk over a window, as Enterprise Security's risk analysis sums it: the risk events raised on one
/// normalized risk object of one type, their summed score, the detections and tactics behind them, and when they fell.
/// </summary>
public sealed record EntityRisk(
    string Entity,
    string Type,
    long Score,
    int Events,
    IReadOnlyList<string> Detections,
    IReadOnlyList<string> Tactics,
    Timestamp FirstTime,
    Timestamp LastTime);
