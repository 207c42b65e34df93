using System.Diagnostics;

namespace Vigil.Hunt;

/// <summary>
/// How long each phase of a command took, in order, and how much memory it allocated, for <c>vigil hunt --profile</c>:
/// loading knowledge and content, compiling, hunting. A phase ends when the next is marked; the clock starts when
/// this is made.
/// </summary>
public sealed class PhaseTimes
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<Phase> _phases = [];
    private long _last;
    private Memory _memory = Memory.Now();

    public PhaseTimes() => _last = _started;

    /// <summary>The phases marked so far, in order.</summary>
    public IReadOnlyList<Phase> Phases => _phases;

    /// <summary>The time from this clock's start to the last mark.</summary>
    public TimeSpan Total => Stopwatch.GetElapsedTime(_started, _last);

    /// <summary>Ends the phase that began at the last mark (or at the start), naming it.</summary>
    public void Mark(string name)
    {
        var now = Stopwatch.GetTimestamp();
        var memory = Memory.Now();
        _phases.Add(new Phase(
            name,
            Stopwatch.GetElapsedTime(_last, now),
            memory.Allocated - _memory.Allocated,
            memory.Collections - _memory.Collections,
            memory.FullCollections - _memory.FullCollections,
            memory.Paused - _memory.Paused));
        _last = now;
        _memory = memory;
    }

    /// <summary>
    /// A phase: its name, how long it took, the bytes every thread allocated on the managed heap meanwhile, the garbage
    /// collections in it (of them, full ones) and how long they paused the program.
    /// </summary>
    public sealed record Phase(string Name, TimeSpan Took, long Allocated, int Collections, int FullCollections, TimeSpan Paused);

    private readonly record struct Memory(long Allocated, int Collections, int FullCollections, TimeSpan Paused)
    {
        public static Memory Now() => new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }
}
