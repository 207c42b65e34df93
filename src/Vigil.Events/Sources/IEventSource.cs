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

/// <summary>Why an event found in an input gave no event to the searches.</summary>
public enum SkipReason
{
    /// <summary>The literal prefilter: no search could match its raw text, so it was not parsed.</summary>
    NoSearchCouldMatch,

    /// <summary>Its text is not a well-formed event: truncated, not XML or JSON, text outside any event, no fields.</summary>
    NotWellFormed,

    /// <summary>It is larger or deeper than a reader limit allows (<see cref="ReaderLimits"/>).</summary>
    OverLimit,

    /// <summary>An EVTX record whose header frames nothing, or whose XML (decoded from binary XML) is malformed.</summary>
    DamagedRecord,
}

/// <summary>
/// What reading one or more sources came to. Every event found is either parsed (and yielded) or skipped for one
/// reason: <c>Events = Parsed + Skipped + Malformed</c>, where <see cref="Skipped"/> counts the prefilter's skips and
/// <see cref="Malformed"/> the rest (not well-formed, over a limit, damaged records). One thread writes (the reader);
/// the progress display reads from another, so every value is read and written as a whole, fresh value.
/// </summary>
public sealed class SourceCounters
{
    private long _events;
    private long _skipped;
    private long _notWellFormed;
    private long _overLimit;
    private long _damagedRecords;
    private long _bytes;
    private long _bytesDone;
    private long _recovered;
    private long _salvaged;
    private long _damagedChunks;

    /// <summary>Events found in the input, parsed or not.</summary>
    public long Events { get => Volatile.Read(ref _events); set => Volatile.Write(ref _events, value); }

    /// <summary>Events skipped unparsed because no search could match their raw text.</summary>
    public long Skipped { get => Volatile.Read(ref _skipped); set => Volatile.Write(ref _skipped, value); }

    /// <summary>Events whose text is not a well-formed event (each reported as a problem).</summary>
    public long NotWellFormed { get => Volatile.Read(ref _notWellFormed); set => Volatile.Write(ref _notWellFormed, value); }

    /// <summary>Events over a reader limit (each reported as a problem naming the limit).</summary>
    public long OverLimit { get => Volatile.Read(ref _overLimit); set => Volatile.Write(ref _overLimit, value); }

    /// <summary>EVTX records whose header frames nothing or whose XML (decoded from binary XML) is malformed.</summary>
    public long DamagedRecords { get => Volatile.Read(ref _damagedRecords); set => Volatile.Write(ref _damagedRecords, value); }

    /// <summary>Events found but given to no search for a problem of their own: not well-formed, over a limit, damaged.</summary>
    public long Malformed => NotWellFormed + OverLimit + DamagedRecords;

    /// <summary>Events parsed and yielded: those found less those skipped for any reason.</summary>
    public long Parsed => Events - Skipped - Malformed;

    /// <summary>Size of the inputs.</summary>
    public long Bytes { get => Volatile.Read(ref _bytes); set => Volatile.Write(ref _bytes, value); }

    /// <summary>How far reading has got, in bytes (for progress; updated as reading goes).</summary>
    public long BytesDone { get => Volatile.Read(ref _bytesDone); set => Volatile.Write(ref _bytesDone, value); }

    /// <summary>EVTX records carved from slack with --recover (counted in <see cref="Events"/> too).</summary>
    public long Recovered { get => Volatile.Read(ref _recovered); set => Volatile.Write(ref _recovered, value); }

    /// <summary>EVTX records kept with a damaged part replaced by a marker (counted in <see cref="Events"/> too).</summary>
    public long Salvaged { get => Volatile.Read(ref _salvaged); set => Volatile.Write(ref _salvaged, value); }

    /// <summary>EVTX chunks with damage (bad checksum, magic, string table ...).</summary>
    public long DamagedChunks { get => Volatile.Read(ref _damagedChunks); set => Volatile.Write(ref _damagedChunks, value); }

    /// <summary>The events skipped for <paramref name="reason"/>.</summary>
    public long SkippedFor(SkipReason reason) => reason switch
    {
        SkipReason.NoSearchCouldMatch => Skipped,
        SkipReason.NotWellFormed => NotWellFormed,
        SkipReason.OverLimit => OverLimit,
        _ => DamagedRecords,
    };

    /// <summary>Counts one event found and skipped for <paramref name="reason"/>.</summary>
    public void CountSkipped(SkipReason reason)
    {
        switch (reason)
        {
            case SkipReason.NoSearchCouldMatch:
                Skipped++;
                break;
            case SkipReason.NotWellFormed:
                NotWellFormed++;
                break;
            case SkipReason.OverLimit:
                OverLimit++;
                break;
            default:
                DamagedRecords++;
                break;
        }
    }

    public void AddFrom(SourceCounters other)
    {
        Events += other.Events;
        Skipped += other.Skipped;
        NotWellFormed += other.NotWellFormed;
        OverLimit += other.OverLimit;
        DamagedRecords += other.DamagedRecords;
        Bytes += other.Bytes;
        BytesDone += other.BytesDone;
        Recovered += other.Recovered;
        Salvaged += other.Salvaged;
        DamagedChunks += other.DamagedChunks;
    }
}
