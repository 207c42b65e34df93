namespace Vigil.Events.Sources;

/// <summary>
/// Something in an input that could not be read as an event: a malformed or truncated event, text that is no event
/// at all, or a file in no format Vigil reads. Reading goes on past it.
/// </summary>
public sealed record InputProblem(string Path, long? Line, string Reason, InputProblemKind Kind)
{
    /// <summary>The last line of an event the problem spans, when it is the whole event rather than one line of it.</summary>
    public long? EndLine { get; init; }

    public override string ToString() => Line switch
    {
        { } line when EndLine is { } end && end > line => $"{Path}:{line}-{end}: {Reason}",
        { } line => $"{Path}:{line}: {Reason}",
        _ => $"{Path}: {Reason}",
    };
}

public enum InputProblemKind
{
    /// <summary>An event whose text could not be parsed: it is counted as a malformed event (not well-formed, or a damaged record).</summary>
    MalformedEvent,

    /// <summary>An event over a reader limit (<see cref="ReaderLimits"/>), skipped: the reason names the limit.</summary>
    OverLimit,

    /// <summary>A whole file that could not be read (unknown format, I/O error).</summary>
    UnreadableFile,

    /// <summary>Damage in a binary log (a chunk or record) that reading worked around.</summary>
    Damage,
}
