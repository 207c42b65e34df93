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
    private long _allocated = GC.GetTotalAllocatedBytes();

    public PhaseTimes() => _last = _started;

    /// <summary>The phases marked so far, in order.</summary>
    public IReadOnlyList<Phase> Phases => _phases;

    /// <summary>The time from this clock's start to the last mark.</summary>
    public TimeSpan Total => Stopwatch.GetElapsedTime(_started, _last);

    /// <summary>Ends the phase that began at the last mark (or at the start), naming it.</summary>
    public void Mark(string name)
    {
        var now = Stopwatch.GetTimestamp();
        var allocated = GC.GetTotalAllocatedBytes();
        _phases.Add(new Phase(name, Stopwatch.GetElapsedTime(_last, now), allocated - _allocated));
        _last = now;
        _allocated = allocated;
    }

    /// <summary>A phase: its name, how long it took, and the bytes every thread allocated on the managed heap meanwhile.</summary>
    public sealed record Phase(string Name, TimeSpan Took, long Allocated);
}
