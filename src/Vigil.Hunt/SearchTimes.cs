using System.Diagnostics;

namespace Vigil.Hunt;

/// <summary>
/// The time each pipeline of a pass spends in its own commands: with the events it takes, then completing. Reading the
/// events, giving them fields and dispatching them are shared by every search and counted for none. A pipeline's run
/// lives on one partition's thread during the pass and is completed on one thread after it, so each slot is written by one thread at a time; the slots are read once the pass
/// is over.
/// </summary>
internal sealed class SearchTimes(int count)
{
    private readonly long[] _ticks = new long[count];

    /// <summary>Adds Stopwatch ticks to a pipeline's time.</summary>
    public void Add(int pipeline, long ticks) => _ticks[pipeline] += ticks;

    public IReadOnlyList<TimeSpan> All() => [.. _ticks.Select(t => Stopwatch.GetElapsedTime(0, t))];
}
