using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Evtx.Internal;

/// <summary>What one chunk produced; handed from a worker to the in-order consumer.</summary>
internal sealed class ChunkResult
{
    public int ChunkIndex { get; init; }
    public List<EvtxRecord> Records { get; } = [];
    public List<EvtxDiagnostic> Warnings { get; } = [];
    public bool Parsed { get; set; }
    public bool Damaged { get; set; }
    public bool Empty { get; set; }
    /// <summary>Records found whose header is unusable (not read; the rest of the chunk is skipped).</summary>
    public int DamagedRecords { get; set; }

    /// <summary>Records kept with damaged parts replaced by markers.</summary>
    public int Salvaged { get; set; }

    /// <summary>Normal pass: where this chunk's templates are defined (for the recovery pass's file-wide template index).</summary>
    public List<TemplateLocation> Templates { get; } = [];

    /// <summary>Records the <see cref="EvtxReaderOptions.RecordFilter"/> rejected (not rendered, not yielded).</summary>
    public int Skipped { get; set; }

    /// <summary>Recovery pass: ids of carved records the filter rejected (the consumer drops duplicate ids).</summary>
    public List<ulong> SkippedIds { get; } = [];

    /// <summary>Normal pass with recovery on: ids of all records read, kept or skipped, in file order (not to be carved again).</summary>
    public List<ulong> KnownIds { get; } = [];

    /// <summary>Records whose rendered EventRecordID differs from the record header id (exported/filtered logs).</summary>
    public int IdMismatches { get; set; }
}

/// <summary>
/// Per-worker state: a pooled 64 KiB chunk buffer, the chunk caches and the renderer (with its reused StringBuilder).
/// Parses one chunk at a time, either normally or by carving records (recovery).
/// </summary>
internal sealed class ChunkWorker : IDisposable
{
    private static ReadOnlySpan<byte> RecordMagic => "**\0\0"u8;

    private readonly byte[] _buffer;
    private readonly ChunkContext _ctx;
    private readonly BinXmlRenderer _renderer;
    private readonly EvtxRecordDecoder? _decoder;
    private readonly bool _renderXml;

    public ChunkWorker(EvtxReaderOptions? options = null)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(ChunkHeader.Size);
        _ctx = new ChunkContext(_buffer);
        _renderer = new BinXmlRenderer(_ctx, options?.Limits ?? EvtxLimits.Default);
        _decoder = options?.Decoder?.Invoke();
        _renderXml = options?.RenderXml ?? true;
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>The caches of the chunk parsed last (for tests).</summary>
    internal ChunkContext Context => _ctx;

    /// <summary>Reads chunk <paramref name="index"/> into the buffer; returns the bytes actually present.</summary>
    private int Load(SafeFileHandle file, long fileSize, int index)
    {
        int got = ReadChunk(file, fileSize, index, _buffer);
        _ctx.Reset();
        return got;
    }

    /// <summary>Reads chunk <paramref name="index"/> into <paramref name="buffer"/> (zero-filled past the file end).</summary>
    public static int ReadChunk(SafeFileHandle file, long fileSize, int index, byte[] buffer)
    {
        long offset = ChunkOffset(index);
        int want = (int)Math.Min(ChunkHeader.Size, fileSize - offset);
        int got = 0;
        while (got < want)
        {
            int n = RandomAccess.Read(file, buffer.AsSpan(got, want - got), offset + got);
            if (n <= 0)
            {
                break;
            }

            got += n;
        }

        buffer.AsSpan(got, ChunkHeader.Size - got).Clear();
        return got;
    }

    public static long ChunkOffset(int index) => FileHeader.BlockSize + ((long)index * ChunkHeader.Size);

    /// <summary>Normal pass: validate the chunk and read its allocated records.</summary>
    public ChunkResult Parse(SafeFileHandle file, long fileSize, int index, string path, bool checkCrc, bool checkIds, EvtxRecordFilter? filter = null)
    {
        var result = new ChunkResult { ChunkIndex = index };
        long chunkOffset = ChunkOffset(index);
        int present = Load(file, fileSize, index);
        ReadOnlySpan<byte> c = _buffer.AsSpan(0, ChunkHeader.Size);

        void Warn(int at, ulong? recordId, string message)
        {
            result.Warnings.Add(new EvtxDiagnostic(path, chunkOffset + at, index, recordId, message));
            result.Damaged = true;
        }

        if (c.IndexOfAnyExcept((byte)0) < 0)
        {
            result.Empty = true;
            if (present < ChunkHeader.Size)
            {
                Warn(0, null, Inv($"truncated chunk: only {present} of {ChunkHeader.Size} bytes present, all zero"));
            }

            return result;
        }

        if (present < ChunkHeader.Size)
        {
            Warn(0, null, Inv($"truncated chunk: only {present} of {ChunkHeader.Size} bytes present"));
        }

        ChunkHeader h = ChunkHeader.Parse(c);
        if (!h.SignatureValid)
        {
            Warn(0, null, Inv($"bad chunk signature {Convert.ToHexString(c[..8])} (expected ElfChnk); chunk skipped") +
                (c[..8].IndexOfAnyExcept((byte)0) < 0 ? " (zeroed chunk header)" : string.Empty));
            return result;
        }

        result.Parsed = true;
        bool crc = checkCrc && !h.NoCrc;
        if (crc)
        {
            uint computed = ChunkHeader.ComputeHeaderCrc(c);
            if (computed != h.StoredHeaderCrc)
            {
                Warn(124, null, Inv($"chunk header checksum mismatch (stored 0x{h.StoredHeaderCrc:x8}, computed 0x{computed:x8}); the string or template tables may be damaged"));
            }
        }

        int freeSpace = (int)Math.Min(h.FreeSpaceOffset, (uint)ChunkHeader.Size);
        if (h.FreeSpaceOffset < ChunkHeader.HeaderSize || h.FreeSpaceOffset > ChunkHeader.Size)
        {
            Warn(48, null, Inv($"free space offset 0x{h.FreeSpaceOffset:x} is outside the chunk; reading to the chunk end"));
            freeSpace = ChunkHeader.Size;
        }
        else if (crc)
        {
            uint computed = Crc32.Compute(c[ChunkHeader.HeaderSize..freeSpace]);
            if (computed != h.StoredDataCrc)
            {
                Warn(52, null, Inv($"chunk data checksum mismatch (stored 0x{h.StoredDataCrc:x8}, computed 0x{computed:x8})"));
            }
        }

        CheckStringTable(c, freeSpace, Warn);

        int pos = ChunkHeader.HeaderSize;
        int read = 0;
        while (pos + 24 <= freeSpace)
        {
            ReadOnlySpan<byte> r = c[pos..];
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(r[4..]);
            ulong id = BinaryPrimitives.ReadUInt64LittleEndian(r[8..]);
            long written = BinaryPrimitives.ReadInt64LittleEndian(r[16..]);
            bool sizeInRange = size >= 28 && size <= ChunkHeader.Size - pos;
            bool copyMatches = sizeInRange && BinaryPrimitives.ReadUInt32LittleEndian(r[((int)size - 4)..]) == size;
            string? frameDamage = null;
            if (!r.StartsWith(RecordMagic))
            {
                if (r[..24].IndexOfAnyExcept((byte)0) < 0)
                {
                    Warn(pos, null, Inv($"zeroed space at chunk offset 0x{pos:x} before the free space offset 0x{freeSpace:x}; rest of chunk skipped"));
                    break;
                }

                if (!copyMatches)
                {
                    Warn(pos, null, Inv($"bad record signature {Convert.ToHexString(r[..4])} at chunk offset 0x{pos:x}; rest of chunk skipped"));
                    result.DamagedRecords++;
                    break;
                }

                // Only the signature is damaged: the size and its trailing copy still frame the record.
                frameDamage = Inv($"bad record signature {Convert.ToHexString(r[..4])} at chunk offset 0x{pos:x}; size and trailing copy agree, record read");
            }
            else if (!copyMatches)
            {
                int found = FindRecordEnd(c, pos, freeSpace);
                string what = sizeInRange
                    ? Inv($"record size {size} does not match its trailing copy {BinaryPrimitives.ReadUInt32LittleEndian(r[((int)size - 4)..])}")
                    : Inv($"record size {size} at chunk offset 0x{pos:x} is invalid{(size == 0 ? " (zero-size record)" : string.Empty)}");
                if (found > 0)
                {
                    frameDamage = Inv($"{what}; the next record gives size {found}");
                    size = (uint)found;
                }
                else if (sizeInRange)
                {
                    frameDamage = what + "; read with the header size";
                }
                else
                {
                    Warn(pos, id, what + "; rest of chunk skipped");
                    result.DamagedRecords++;
                    break;
                }
            }

            ReadRecord(result, pos, (int)size, id, written, chunkOffset, frameDamage, checkIds, filter, path);
            read++;
            pos += (int)size;
        }

        if (checkIds)
        {
            result.Templates.AddRange(_ctx.CompiledLocations);
        }

        ulong expected = h.LastRecordNumber >= h.FirstRecordNumber ? h.LastRecordNumber - h.FirstRecordNumber + 1 : 0;
        if ((ulong)read < expected && !result.Damaged)
        {
            Warn(pos, null, Inv($"chunk header announces {expected} records but {read} were found"));
        }

        return result;
    }

    /// <summary>
    /// Reads one framed record into <paramref name="result"/>. Damage never costs the record: parts that do not decode
    /// are replaced by markers (the renderer logs them), and a record whose BinXML does not decode at all is kept as its
    /// header (id, time) plus a marker with its bytes. A record with any damage is counted as salvaged, with one warning.
    /// </summary>
    private void ReadRecord(ChunkResult result, int pos, int size, ulong id, long written, long chunkOffset, string? frameDamage, bool checkIds, EvtxRecordFilter? filter, string path)
    {
        int start = pos + 24, end = pos + size - 4;
        if (filter is not null && !Accepts(filter, start, end))
        {
            // Decided before rendering; the damage the search text met is still reported. Recovery (checkIds) still
            // needs to know whether header ids match.
            result.Skipped++;
            ReportSalvage(result, pos, id, chunkOffset, frameDamage, path);
            if (checkIds)
            {
                result.KnownIds.Add(id);
                if (result.IdMismatches == 0 && !RecordIdMatches(RenderSalvaging(start, end, id, written), id))
                {
                    result.IdMismatches++;
                }
            }

            return;
        }

        // The decoder takes the record's nodes first, with the XML from the same walk when it is asked for or needed for
        // the ids; the XML is rendered on its own when the nodes could not be given (it renders the salvage log again
        // for the warning).
        var wantXml = _renderXml || checkIds;
        var walkedXml = string.Empty;
        bool decoded = _decoder is not null && _renderer.Decode(start, end, _decoder, wantXml, out walkedXml) && (!wantXml || walkedXml.Length > 0);
        string xml = decoded ? walkedXml : RenderSalvaging(start, end, id, written);
        bool salvaged = ReportSalvage(result, pos, id, chunkOffset, frameDamage, path);
        result.Salvaged += salvaged ? 1 : 0;
        var record = new EvtxRecord(id, written, result.ChunkIndex, chunkOffset + pos, xml) { Salvaged = salvaged };
        Decode(record, decoded);
        result.Records.Add(record);
        if (checkIds)
        {
            result.KnownIds.Add(id);
            if (!RecordIdMatches(xml, id))
            {
                result.IdMismatches++;
            }
        }
    }

    /// <summary>The decoder's result for the record: from the nodes it was given, else from the record's XML.</summary>
    private void Decode(EvtxRecord record, bool nodesGiven)
    {
        if (_decoder is not null)
        {
            record.Decoded = nodesGiven ? _decoder.Complete(record) : _decoder.DecodeXml(record);
        }
    }

    /// <summary>One warning for a damaged record (framing damage and what the renderer logged); false when intact.</summary>
    private bool ReportSalvage(ChunkResult result, int pos, ulong id, long chunkOffset, string? frameDamage, string path)
    {
        SalvageLog log = _ctx.Salvage;
        if (frameDamage is null && log.Count == 0)
        {
            return false;
        }

        int at = frameDamage is not null ? pos : log.Entries[0].Offset;
        string message = frameDamage is null ? log.Describe() : log.Count == 0 ? frameDamage : frameDamage + "; " + log.Describe();
        result.Warnings.Add(new EvtxDiagnostic(path, chunkOffset + at, result.ChunkIndex, id, Inv($"record at chunk offset 0x{pos:x} salvaged: {message}")));
        result.Damaged = true;
        return true;
    }

    /// <summary>The filter's decision; a record whose search text cannot be built is kept (rendering salvages it).</summary>
    private bool Accepts(EvtxRecordFilter filter, int start, int end)
    {
        try
        {
            return filter(_renderer.BuildSearchText(start, end));
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            return true;
        }
    }

    /// <summary>Renders a record, falling back to its header and a marker with its bytes when nothing decodes.</summary>
    private string RenderSalvaging(int start, int end, ulong id, long written)
    {
        try
        {
            string xml = _renderer.Render(start, end);
            if (xml.Length > 0)
            {
                return xml;
            }

            throw new EvtxFormatException("the record renders no XML (empty template)");
        }
        catch (Exception ex) when (IsDamage(ex))
        {
            string reason = BinXmlRenderer.Describe(ex);
            _ctx.Salvage.Add(start, "record BinXML does not decode (" + reason + "); kept as its header and a marker with its bytes");
            var sb = new StringBuilder("<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System><TimeCreated SystemTime=\"");
            ValueFormatter.AppendFileTime(sb, written);
            sb.Append(CultureInfo.InvariantCulture, $"\"/><EventRecordID>{id}</EventRecordID></System>");
            sb.Append(BinXmlParser.DamageMarker(start, reason, _buffer.AsSpan(start, Math.Max(0, end - start))));
            return sb.Append("</Event>").ToString();
        }
    }

    /// <summary>
    /// For a record whose size field or trailing copy is damaged: the true size, found as the distance to the next record
    /// signature (or the free space offset) that is preceded by a matching size copy; 0 when there is none.
    /// </summary>
    private static int FindRecordEnd(ReadOnlySpan<byte> c, int pos, int freeSpace)
    {
        for (int q = pos + 28; q < freeSpace;)
        {
            int hit = c[q..freeSpace].IndexOf(RecordMagic);
            if (hit < 0)
            {
                break;
            }

            q += hit;
            if (BinaryPrimitives.ReadUInt32LittleEndian(c[(q - 4)..]) == (uint)(q - pos))
            {
                return q - pos;
            }

            q++;
        }

        return freeSpace - pos >= 28 && BinaryPrimitives.ReadUInt32LittleEndian(c[(freeSpace - 4)..]) == (uint)(freeSpace - pos) ? freeSpace - pos : 0;
    }

    /// <summary>The 64 string-table buckets must point inside the used part of the chunk, to a well-formed chain.</summary>
    private static void CheckStringTable(ReadOnlySpan<byte> c, int freeSpace, Action<int, ulong?, string> warn)
    {
        for (int bucket = 0; bucket < 64; bucket++)
        {
            uint off = BinaryPrimitives.ReadUInt32LittleEndian(c[(128 + (4 * bucket))..]);
            for (int guard = 0; off != 0 && guard < 4096; guard++)
            {
                // In long: a bucket near uint.MaxValue would wrap off + 8 past the check.
                if (off < ChunkHeader.HeaderSize || (long)off + 8 > freeSpace)
                {
                    warn(128 + (4 * bucket), null, Inv($"string table bucket {bucket} points to 0x{off:x}, outside the used chunk (0x200..0x{freeSpace:x})"));
                    break;
                }

                off = BinaryPrimitives.ReadUInt32LittleEndian(c[(int)off..]);
            }
        }
    }

    /// <summary>
    /// Recovery pass: carve records ("**\0\0", size, matching trailing copy, BinXML fragment header) from the parts of
    /// the chunk that the normal pass did not read. Records whose id is in <paramref name="known"/> are not rendered.
    /// A candidate is accepted when it renders and its EventRecordID equals the header id (<paramref name="strictIds"/>,
    /// for logs where that held for every normal record) or at least is present (exported logs renumber header ids).
    /// </summary>
    public ChunkResult Carve(SafeFileHandle file, long fileSize, int index, RecordIdSet known, bool strictIds, IReadOnlyDictionary<uint, TemplateAddress> templateIndex, string path, EvtxRecordFilter? filter = null)
    {
        var result = new ChunkResult { ChunkIndex = index };
        long chunkOffset = ChunkOffset(index);
        Load(file, fileSize, index);
        ReadOnlySpan<byte> c = _buffer.AsSpan(0, ChunkHeader.Size);
        if (c.IndexOfAnyExcept((byte)0) < 0)
        {
            return result;
        }

        int start = ChunkHeader.HeaderSize;
        ChunkHeader h = ChunkHeader.Parse(c);
        using ForeignTemplateSource? foreign = h.SignatureValid ? null : new ForeignTemplateSource(file, fileSize, templateIndex);
        if (foreign is not null)
        {
            // The header (and often the template definitions after it) is lost: take templates from other chunks.
            start = 0;
            _ctx.ForeignTemplates = foreign.Get;
        }
        else
        {
            // Skip the allocated records (they were read by the normal pass).
            int freeSpace = (int)Math.Min(Math.Max(h.FreeSpaceOffset, (uint)ChunkHeader.HeaderSize), (uint)ChunkHeader.Size);
            while (start + 24 <= freeSpace && c[start..].StartsWith(RecordMagic))
            {
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(c[(start + 4)..]);
                if (size < 28 || size > ChunkHeader.Size - start || BinaryPrimitives.ReadUInt32LittleEndian(c[(start + (int)size - 4)..]) != size)
                {
                    break;
                }

                start += (int)size;
            }
        }

        int pos = start;
        while (pos + 28 <= ChunkHeader.Size)
        {
            int hit = c[pos..].IndexOf(RecordMagic);
            if (hit < 0)
            {
                break;
            }

            pos += hit;
            if (pos + 28 > ChunkHeader.Size)
            {
                break;
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(c[(pos + 4)..]);
            if (size < 32 || size > ChunkHeader.Size - pos
                || BinaryPrimitives.ReadUInt32LittleEndian(c[(pos + (int)size - 4)..]) != size
                || !c[(pos + 24)..].StartsWith((ReadOnlySpan<byte>)[0x0F, 0x01, 0x01, 0x00]))
            {
                pos++;
                continue;
            }

            ulong id = BinaryPrimitives.ReadUInt64LittleEndian(c[(pos + 8)..]);
            long written = BinaryPrimitives.ReadInt64LittleEndian(c[(pos + 16)..]);
            if (known.Contains(id))
            {
                pos += (int)size;
                continue;
            }

            try
            {
                string xml = _renderer.Render(pos + 24, pos + (int)size - 4);
                string? damage = _ctx.Salvage.Count > 0 ? _ctx.Salvage.Describe() : null;
                if (strictIds ? RecordIdMatches(xml, id) : RecordIdMatches(xml, null))
                {
                    if (filter is not null && !Accepts(filter, pos + 24, pos + (int)size - 4))
                    {
                        result.SkippedIds.Add(id);
                    }
                    else
                    {
                        bool salvaged = damage is not null;
                        if (salvaged)
                        {
                            result.Warnings.Add(new EvtxDiagnostic(path, chunkOffset + pos, index, id, Inv($"carved record at chunk offset 0x{pos:x} salvaged: {damage}")));
                            result.Salvaged++;
                        }

                        var record = new EvtxRecord(id, written, index, chunkOffset + pos, xml) { Recovered = true, Salvaged = salvaged };
                        Decode(record, _decoder is not null && !salvaged && _renderer.Decode(pos + 24, pos + (int)size - 4, _decoder, renderXml: false, out _));
                        result.Records.Add(record);
                    }

                    pos += (int)size;
                    continue;
                }
            }
            catch (Exception ex) when (IsDamage(ex))
            {
                // Slack holds overwritten data; a candidate that does not decode is not a record.
            }

            pos++;
        }

        return result;
    }

    /// <summary>True when the rendered EventRecordID equals <paramref name="id"/> (or, for null, is a number).</summary>
    private static bool RecordIdMatches(string xml, ulong? id)
    {
        const string Tag = "<EventRecordID>";
        int i = xml.IndexOf(Tag, StringComparison.Ordinal);
        if (i < 0)
        {
            return false;
        }

        ReadOnlySpan<char> rest = xml.AsSpan(i + Tag.Length);
        int end = rest.IndexOf('<');
        return end > 0 && ulong.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) && (id is null || v == id);
    }

    /// <summary>Exceptions that mean "these bytes are not valid BinXML" (as opposed to bugs or I/O failures).</summary>
    public static bool IsDamage(Exception ex) =>
        ex is EvtxFormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or ArgumentException or OverflowException or InvalidCastException;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
