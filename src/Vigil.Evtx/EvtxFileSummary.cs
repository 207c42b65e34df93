namespace Vigil.Evtx;

/// <summary>Counters filled in while <see cref="EvtxFile.ReadRecords"/> is enumerated (complete once enumeration ends).</summary>
public sealed class EvtxFileSummary
{
    /// <summary>File length in bytes.</summary>
    public long FileSize { get; internal set; }

    /// <summary>Chunk count derived from the file size (a trailing partial chunk counts).</summary>
    public int ChunksTotal { get; internal set; }

    /// <summary>The file header's 16-bit chunk count (not trusted; informational).</summary>
    public int HeaderChunkCount { get; internal set; }

    /// <summary>True when the file header's dirty flag is set.</summary>
    public bool HeaderDirty { get; internal set; }

    /// <summary>Chunks with a valid signature whose records were read.</summary>
    public int ChunksParsed { get; internal set; }

    /// <summary>Chunks with any damage (checksum, signature, header fields, records).</summary>
    public int ChunksDamaged { get; internal set; }

    /// <summary>All-zero chunks (unused pre-allocated space), skipped.</summary>
    public int ChunksEmpty { get; internal set; }

    /// <summary>Records read normally (allocated records).</summary>
    public long RecordsRead { get; internal set; }

    /// <summary>Records carved with <see cref="EvtxReaderOptions.Recover"/> whose ids were not seen before.</summary>
    public long RecordsRecovered { get; internal set; }

    /// <summary>
    /// Records that <see cref="EvtxReaderOptions.RecordFilter"/> rejected: not rendered, not yielded, not counted in
    /// <see cref="RecordsRead"/> or <see cref="RecordsRecovered"/> (carved candidates the filter rejected count here too).
    /// </summary>
    public long RecordsSkipped { get; internal set; }

    /// <summary>
    /// Records found whose header is unusable (bad signature and size, or a size that frames nothing): not read, and the
    /// rest of their chunk is skipped (<see cref="EvtxReaderOptions.Recover"/> carves it).
    /// </summary>
    public long RecordsDamaged { get; internal set; }

    /// <summary>
    /// Records yielded with damage (normal or carved; included in <see cref="RecordsRead"/> or
    /// <see cref="RecordsRecovered"/>): the damaged parts replaced by markers, each with a warning.
    /// </summary>
    public long RecordsSalvaged { get; internal set; }

    /// <summary>Number of warnings reported.</summary>
    public int Warnings { get; internal set; }
}
