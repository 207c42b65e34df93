namespace Vigil.Events.Sources;

/// <summary>How inputs are read.</summary>
public sealed record InputOptions
{
    public static InputOptions Default { get; } = new();

    /// <summary>EVTX chunks parsed in parallel (events still come out in file order).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>EVTX: also carve records from chunk slack and damaged space, dropping record ids already seen.</summary>
    public bool Recover { get; init; }

    /// <summary>How large or deep one event may be before it is skipped (docs/limits.md).</summary>
    public ReaderLimits Limits { get; init; } = ReaderLimits.Default;
}
