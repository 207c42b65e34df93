using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Vigil.Evtx.Internal;

namespace Vigil.Evtx;

/// <summary>Reads Windows XML Event Log (EVTX) files.</summary>
public static class EvtxFile
{
    /// <summary>True when <paramref name="firstBytes"/> starts with the EVTX file signature "ElfFile\0".</summary>
    public static bool HasSignature(ReadOnlySpan<byte> firstBytes) => firstBytes.StartsWith(FileHeader.Signature);

    /// <summary>
    /// Streams the records of an EVTX file in file order, chunk by chunk (memory does not grow with the file size).
    /// Damage is reported through <see cref="EvtxReaderOptions.OnWarning"/> and counted in <paramref name="summary"/>;
    /// it never throws. I/O errors (missing file, unreadable file) and cancellation do throw.
    /// </summary>
    public static IEnumerable<EvtxRecord> ReadRecords(string path, EvtxReaderOptions options, EvtxFileSummary summary, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(summary);

        // Fail at the call for a missing file; the file itself is opened when enumeration starts.
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("EVTX file not found", path);
        }

        return ReadRecordsCore(path, options, summary, ct);
    }

    private static IEnumerable<EvtxRecord> ReadRecordsCore(string path, EvtxReaderOptions options, EvtxFileSummary summary, CancellationToken ct)
    {
        using (SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess))
        {
            long fileSize = RandomAccess.GetLength(handle);
            summary.FileSize = fileSize;

            void Warn(EvtxDiagnostic d)
            {
                summary.Warnings++;
                options.OnWarning?.Invoke(d);
            }

            bool checkCrc = ReadFileHeader(handle, path, fileSize, summary, Warn);
            long chunkBytes = Math.Max(0, fileSize - FileHeader.BlockSize);
            int chunkCount = (int)Math.Min(int.MaxValue, (chunkBytes + ChunkHeader.Size - 1) / ChunkHeader.Size);
            summary.ChunksTotal = chunkCount;

            int threads = Math.Max(1, options.Threads);
            RecordIdSet? seen = options.Recover ? new RecordIdSet() : null;
            int emptyRunStart = -1;
            int idMismatches = 0;

            // Recovery: where each template id is defined, for chunks whose own definitions were lost with their header.
            var templateIndex = new Dictionary<uint, TemplateAddress>();

            void FlushEmptyRun(int endExclusive)
            {
                if (emptyRunStart >= 0)
                {
                    Warn(new EvtxDiagnostic(path, ChunkWorker.ChunkOffset(emptyRunStart), emptyRunStart, null, endExclusive - emptyRunStart == 1
                        ? "chunk is all zero (unused space), skipped"
                        : string.Create(CultureInfo.InvariantCulture, $"chunks {emptyRunStart}..{endExclusive - 1} are all zero (unused space), skipped")));
                    emptyRunStart = -1;
                }
            }

            foreach (ChunkResult r in RunChunks(chunkCount, threads, options, (w, i) => w.Parse(handle, fileSize, i, path, checkCrc, checkIds: seen is not null, options.RecordFilter), ct))
            {
                if (r.Empty)
                {
                    summary.ChunksEmpty++;
                    emptyRunStart = emptyRunStart < 0 ? r.ChunkIndex : emptyRunStart;
                }
                else
                {
                    FlushEmptyRun(r.ChunkIndex);
                }

                summary.ChunksParsed += r.Parsed ? 1 : 0;
                summary.ChunksDamaged += r.Damaged ? 1 : 0;
                summary.RecordsDamaged += r.DamagedRecords;
                summary.RecordsSalvaged += r.Salvaged;
                foreach (TemplateLocation t in r.Templates)
                {
                    templateIndex.TryAdd(t.TemplateId, new TemplateAddress(r.ChunkIndex, t.Offset));
                }

                summary.RecordsSkipped += r.Skipped;
                foreach (ulong id in r.KnownIds)
                {
                    seen?.Add(id);
                }
                idMismatches += r.IdMismatches;
                foreach (EvtxDiagnostic d in r.Warnings)
                {
                    Warn(d);
                }

                foreach (EvtxRecord record in r.Records)
                {
                    ct.ThrowIfCancellationRequested();
                    summary.RecordsRead++;
                    yield return record;
                }
            }

            // All-zero chunks at the end are the log's preallocated, never-used space, as Windows leaves it: counted
            // (ChunksEmpty), not reported. Only zero chunks between used ones are damage worth a warning.
            emptyRunStart = -1;

            if (seen is not null)
            {
                // Second pass: carve slack and damaged regions. The set of normal ids is frozen (read-only) while
                // workers consult it; the consumer keeps a separate set to drop duplicate carved copies.
                seen.Freeze();
                var carvedIds = new HashSet<ulong>();
                foreach (ChunkResult r in RunChunks(chunkCount, threads, options, (w, i) => w.Carve(handle, fileSize, i, seen, strictIds: idMismatches == 0, templateIndex, path, options.RecordFilter), ct))
                {
                    foreach (EvtxDiagnostic d in r.Warnings)
                    {
                        Warn(d);
                    }

                    foreach (ulong id in r.SkippedIds)
                    {
                        summary.RecordsSkipped += carvedIds.Add(id) ? 1 : 0;
                    }

                    foreach (EvtxRecord record in r.Records)
                    {
                        ct.ThrowIfCancellationRequested();
                        if (!carvedIds.Add(record.RecordId))
                        {
                            continue;
                        }

                        summary.RecordsRecovered++;
                        summary.RecordsSalvaged += record.Salvaged ? 1 : 0;
                        yield return record;
                    }
                }
            }
        }
    }

    /// <summary>Reads and checks the file header; returns whether chunk checksums should be verified.</summary>
    private static bool ReadFileHeader(SafeFileHandle handle, string path, long fileSize, EvtxFileSummary summary, Action<EvtxDiagnostic> warn)
    {
        Span<byte> buf = stackalloc byte[FileHeader.UsedSize];
        int got = fileSize >= FileHeader.UsedSize ? RandomAccess.Read(handle, buf, 0) : 0;
        if (got < FileHeader.UsedSize)
        {
            warn(new EvtxDiagnostic(path, 0, null, null, string.Create(CultureInfo.InvariantCulture, $"file is too short ({fileSize} bytes) for an EVTX header")));
            return true;
        }

        FileHeader h = FileHeader.Parse(buf);
        summary.HeaderChunkCount = h.ChunkCount;
        summary.HeaderDirty = h.Dirty;
        if (!h.SignatureValid)
        {
            warn(new EvtxDiagnostic(path, 0, null, null, "bad file signature (expected ElfFile); scanning chunks anyway"));
        }
        else if (!h.NoCrc && h.ComputedCrc != h.StoredCrc)
        {
            warn(new EvtxDiagnostic(path, 124, null, null, string.Create(CultureInfo.InvariantCulture,
                $"file header checksum mismatch (stored 0x{h.StoredCrc:x8}, computed 0x{h.ComputedCrc:x8})")));
        }

        if (fileSize <= FileHeader.BlockSize)
        {
            warn(new EvtxDiagnostic(path, 0, null, null, string.Create(CultureInfo.InvariantCulture, $"file is too short ({fileSize} bytes) to hold any chunk")));
        }
        else if ((fileSize - FileHeader.BlockSize) % ChunkHeader.Size != 0)
        {
            long tail = (fileSize - FileHeader.BlockSize) % ChunkHeader.Size;
            warn(new EvtxDiagnostic(path, fileSize - tail, null, null, string.Create(CultureInfo.InvariantCulture,
                $"file size is not a whole number of chunks; the last chunk has only {tail} bytes")));
        }

        return !h.NoCrc;
    }

    /// <summary>
    /// Runs <paramref name="work"/> for every chunk and yields the results in chunk order. With several threads, at most
    /// 2 × threads chunks are in flight (bounded memory) and at most <paramref name="threads"/> run at once.
    /// </summary>
    private static IEnumerable<ChunkResult> RunChunks(int chunkCount, int threads, EvtxReaderOptions options, Func<ChunkWorker, int, ChunkResult> work, CancellationToken ct)
    {
        if (threads <= 1 || chunkCount <= 1)
        {
            using var worker = new ChunkWorker(options);
            for (int i = 0; i < chunkCount; i++)
            {
                ct.ThrowIfCancellationRequested();
                yield return work(worker, i);
            }

            yield break;
        }

        var pool = new ConcurrentBag<ChunkWorker>();
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, threads).ConcurrentScheduler;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = new Queue<Task<ChunkResult>>();
        int next = 0;
        // One chunk more than threads keeps every thread busy while the caller takes the oldest; more would only keep
        // decoded records waiting, to survive collections (2 * threads measured 5 % slower in an all-ESCU hunt).
        int lookAhead = threads + 1;
        try
        {
            while (next < chunkCount || inFlight.Count > 0)
            {
                while (next < chunkCount && inFlight.Count < lookAhead)
                {
                    int index = next++;
                    inFlight.Enqueue(Task.Factory.StartNew(
                        () =>
                        {
                            cts.Token.ThrowIfCancellationRequested();
                            ChunkWorker w = pool.TryTake(out ChunkWorker? pooled) ? pooled : new ChunkWorker(options);
                            try
                            {
                                return work(w, index);
                            }
                            finally
                            {
                                pool.Add(w);
                            }
                        },
                        cts.Token,
                        TaskCreationOptions.DenyChildAttach,
                        scheduler));
                }

                Task<ChunkResult> head = inFlight.Dequeue();
                yield return head.GetAwaiter().GetResult();
            }
        }
        finally
        {
            // Early exit (break, exception, cancellation): stop queued work and wait for running work before the
            // buffers go back to the pool and the file handle closes.
            cts.Cancel();
            foreach (Task<ChunkResult> t in inFlight)
            {
                try
                {
                    t.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // Cancelled or failed work whose result is no longer wanted.
                }
            }

            while (pool.TryTake(out ChunkWorker? w))
            {
                w.Dispose();
            }
        }
    }
}
