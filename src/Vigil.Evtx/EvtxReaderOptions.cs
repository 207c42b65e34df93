namespace Vigil.Evtx;

/// <summary>Options for <see cref="EvtxFile.ReadRecords"/>.</summary>
public sealed class EvtxReaderOptions
{
    /// <summary>Number of chunks parsed in parallel. Records are still yielded in file order. Values below 1 mean 1.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Also carve records (<c>**\0\0</c> magic with consistent size copies) from chunk slack, from chunks whose header is
    /// damaged and from the space after a damaged record. Carved records whose record id was already seen are dropped.
    /// Carved records are yielded after all normal records of the file.
    /// </summary>
    public bool Recover { get; init; }

    /// <summary>
    /// Decides, before a record is rendered, whether it is wanted. It receives the record's search text: the names of
    /// all elements and attributes, the template's constant text and attribute values, and every substitution value as
    /// the XML would show it but unescaped (strings whose escaping differs appear escaped too), separated by '\n'.
    /// Records it rejects are not rendered, not yielded, and counted in <see cref="EvtxFileSummary.RecordsSkipped"/>.
    /// <para>
    /// Soundness: any string of characters from [A-Za-z0-9 _.:/\-] that occurs in the rendered XML within one element
    /// name, attribute name, attribute value or text node also occurs in the search text. A filter that only looks for
    /// such literals (e.g. <c>text.Contains("4624", StringComparison.OrdinalIgnoreCase)</c>) therefore never drops a
    /// record whose XML holds the literal; it may keep a few that do not (e.g. names of elements left out for NULL values).
    /// </para>
    /// <para>
    /// Called on worker threads, concurrently when <see cref="Threads"/> &gt; 1: it must be thread-safe. The span is
    /// only valid during the call. With <see cref="Recover"/>, rejected records are still rendered once to check their
    /// ids (recovery depends on it), so the filter saves less there.
    /// </para>
    /// </summary>
    public EvtxRecordFilter? RecordFilter { get; init; }

    /// <summary>
    /// Makes the decoder of each worker thread (<see cref="EvtxRecordDecoder"/>): records go from their BinXML straight
    /// to the caller's model, on the worker threads in parallel with the other chunks; the result is each record's
    /// <see cref="EvtxRecord.Decoded"/>.
    /// </summary>
    public Func<EvtxRecordDecoder>? Decoder { get; init; }

    /// <summary>
    /// Whether every record's XML is rendered (<see cref="EvtxRecord.Xml"/>). False saves the rendering when a
    /// <see cref="Decoder"/> takes the records' nodes: <see cref="EvtxRecord.Xml"/> is then empty, save for records
    /// decoded from their XML and with <see cref="Recover"/> (which checks record ids in the XML).
    /// </summary>
    public bool RenderXml { get; init; } = true;

    /// <summary>Receives damage reports. Called on the enumerating thread, in file order. Damage never throws.</summary>
    public Action<EvtxDiagnostic>? OnWarning { get; init; }

    /// <summary>How deep and how much BinXML one record may hold before the rest is damage (<see cref="EvtxLimits"/>).</summary>
    public EvtxLimits Limits { get; init; } = EvtxLimits.Default;
}

/// <summary>Decides from a record's search text (see <see cref="EvtxReaderOptions.RecordFilter"/>) whether to render it.</summary>
public delegate bool EvtxRecordFilter(ReadOnlySpan<char> recordText);

/// <summary>A damage report: which file, where (absolute file offset), which chunk and record if known, and what.</summary>
public sealed record EvtxDiagnostic(string Path, long FileOffset, int? ChunkIndex, ulong? RecordId, string Message)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Path}: offset 0x{FileOffset:x}{(ChunkIndex is int c ? $", chunk {c}" : "")}{(RecordId is ulong r ? $", record {r}" : "")}: {Message}");
}

/// <summary>One event record. <see cref="Xml"/> is the event rendered as Windows renders it (no indentation).</summary>
/// <param name="RecordId">Record id from the record header.</param>
/// <param name="WrittenFileTime">FILETIME (100 ns since 1601-01-01 UTC) from the record header.</param>
/// <param name="ChunkIndex">Zero-based chunk index in the file (chunk i starts at 4096 + i * 65536).</param>
/// <param name="FileOffset">Absolute file offset of the record.</param>
/// <param name="Xml">The rendered event XML (empty when <see cref="EvtxReaderOptions.RenderXml"/> is false and a decoder took its nodes).</param>
public sealed record EvtxRecord(ulong RecordId, long WrittenFileTime, int ChunkIndex, long FileOffset, string Xml)
{
    /// <summary>True when the record was carved by <see cref="EvtxReaderOptions.Recover"/> rather than read normally.</summary>
    public bool Recovered { get; init; }

    /// <summary>
    /// True when parts of the record were damaged and are replaced by <c>&lt;Damaged Offset=".." Reason=".."/&gt;</c>
    /// markers or <c>Damaged.</c>-prefixed names (a warning says where); the intact parts are rendered as usual.
    /// </summary>
    public bool Salvaged { get; init; }

    /// <summary>What <see cref="EvtxReaderOptions.Decoder"/> made of the record; null without one.</summary>
    public object? Decoded { get; internal set; }
}
