using Vigil.Events.Evtx;
using Vigil.Events.Sources;

namespace Vigil.Fuzz;

/// <summary>
/// An EVTX file through Vigil's reader and XML field extraction: once with a raw filter (the search text built before
/// rendering, as a hunt reads), once unfiltered with --recover (carving takes other paths). Damage never throws: every
/// exception is a crash.
/// </summary>
internal sealed class EvtxHarness : IHarness
{
    // One thread: the reader's parallel path only schedules chunks, and AFL wants one deterministic process.
    private static readonly InputOptions Plain = new() { Threads = 1 };
    private static readonly InputOptions Recover = new() { Threads = 1, Recover = true };

    // Looks at the text, so it is built, and keeps every record, so each is rendered too.
    private static bool KeepAll(ReadOnlySpan<char> raw) => raw.Length >= 0;

    public int Run(byte[] input)
    {
        var path = ScratchFiles.Write("input.evtx", input);
        return EventDrain.Drain(new EvtxFileSource(path, Plain), KeepAll) + EventDrain.Drain(new EvtxFileSource(path, Recover));
    }
}
