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

/// <summary>
/// What reading one or more sources came to. One thread writes (the reader); the progress display reads from another,
/// so every value is read and written as a whole, fresh value.
/// </summary>
public sealed class SourceCounters
{
    private long _events;
    private long _skipped;
    private long _malformed;
    private long _bytes;
    private long _bytesDone;
    private long _recovered;
    private long _salvaged;
    private long _damagedChunks;

    /// <summary>Events found in the input, parsed or not.</summary>
    public long Events { get => Volatile.Read(ref _events); set => Volatile.Write(ref _events, value); }

    /// <summary>Events skipped unparsed because no search could match their raw text.</summary>
    public long Skipped { get => Volatile.Read(ref _skipped); set => Volatile.Write(ref _skipped, value); }

    public long Malformed { get => Volatile.Read(ref _malformed); set => Volatile.Write(ref _malformed, value); }

    /// <summary>Size of the inputs.</summary>
    public long Bytes { get => Volatile.Read(ref _bytes); set => Volatile.Write(ref _bytes, value); }

    /// <summary>How far reading has got, in bytes (for progress; updated as reading goes).</summary>
    public long BytesDone { get => Volatile.Read(ref _bytesDone); set => Volatile.Write(ref _bytesDone, value); }

    /// <summary>EVTX records carved from slack with --recover.</summary>
    public long Recovered { get => Volatile.Read(ref _recovered); set => Volatile.Write(ref _recovered, value); }

    /// <summary>EVTX records kept with a damaged part replaced by a marker (counted in <see cref="Events"/> too).</summary>
    public long Salvaged { get => Volatile.Read(ref _salvaged); set => Volatile.Write(ref _salvaged, value); }

    /// <summary>EVTX chunks with damage (bad checksum, magic, string table ...).</summary>
    public long DamagedChunks { get => Volatile.Read(ref _damagedChunks); set => Volatile.Write(ref _damagedChunks, value); }

    public void AddFrom(SourceCounters other)
    {
        Events += other.Events;
        Skipped += other.Skipped;
        Malformed += other.Malformed;
        Bytes += other.Bytes;
        BytesDone += other.BytesDone;
        Recovered += other.Recovered;
        Salvaged += other.Salvaged;
        DamagedChunks += other.DamagedChunks;
    }
}
