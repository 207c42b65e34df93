using Vigil.Events.Model;

namespace Vigil.Events.Sources;

/// <summary>A stream of events from one input. Problems are reported and reading continues.</summary>
public interface IEventSource
{
    string Path { get; }

    /// <summary>
    /// The events, in file order. When <paramref name="rawFilter"/> is given, an event whose raw text it rejects is
    /// counted and skipped without being parsed: the cheap literal test before the expensive parse.
    /// </summary>
    IEnumerable<WinEvent> ReadEvents(RawEventFilter? rawFilter, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken = default);
}

/// <summary>Whether an event's raw text could match; false lets a source skip parsing it.</summary>
public delegate bool RawEventFilter(ReadOnlySpan<char> raw);

/// <summary>What reading one or more sources came to.</summary>
public sealed class SourceCounters
{
    /// <summary>Events found in the input, parsed or not.</summary>
    public long Events { get; set; }

    /// <summary>Events skipped unparsed because no search could match their raw text.</summary>
    public long Skipped { get; set; }

    public long Malformed { get; set; }

    /// <summary>Size of the inputs.</summary>
    public long Bytes { get; set; }

    /// <summary>How far reading has got, in bytes (for progress; updated as reading goes).</summary>
    public long BytesDone { get; set; }

    /// <summary>EVTX records carved from slack with --recover.</summary>
    public long Recovered { get; set; }

    /// <summary>EVTX chunks with damage (bad checksum, magic, string table ...).</summary>
    public long DamagedChunks { get; set; }

    public void AddFrom(SourceCounters other)
    {
        Events += other.Events;
        Skipped += other.Skipped;
        Malformed += other.Malformed;
        Bytes += other.Bytes;
        BytesDone += other.BytesDone;
        Recovered += other.Recovered;
        DamagedChunks += other.DamagedChunks;
    }
}
