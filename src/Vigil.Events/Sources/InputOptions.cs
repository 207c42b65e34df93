namespace Vigil.Events.Sources;

/// <summary>How inputs are read.</summary>
public sealed record InputOptions
{
    public static InputOptions Default { get; } = new();

    /// <summary>EVTX chunks, and batches of a text file's events, parsed in parallel (events still come out in file order).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>EVTX: also carve records from chunk slack and damaged space, dropping record ids already seen.</summary>
    public bool Recover { get; init; }

    /// <summary>
    /// Whether events need their raw text (<see cref="Model.WinEvent.Raw"/>). False lets a reader leave out what only
    /// the raw text costs: EVTX records are not rendered as XML, and their events' raw text is empty (save records
    /// decoded through their XML). Their fields are the same either way.
    /// </summary>
    public bool RawText { get; init; } = true;

    /// <summary>How large or deep one event may be before it is skipped (docs/limits.md).</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;
}
