using Microsoft.Win32.SafeHandles;
using Vigil.Evtx.Internal;

namespace Vigil.Evtx.Tests;

/// <summary>Parallel ordering, early exit, cancellation, template reuse and 64-bit offsets.</summary>
public sealed class ReaderBehaviourTests
{
    public static TheoryData<string> Samples() => TestFiles.AllSamples();

    private static (List<EvtxRecord> Records, List<string> Warnings) Read(string file, int threads, bool recover)
    {
        var warnings = new List<string>();
        var summary = new EvtxFileSummary();
        List<EvtxRecord> records = EvtxFile.ReadRecords(file, new EvtxReaderOptions { Threads = threads, Recover = recover, OnWarning = w => warnings.Add(w.ToString()) }, summary).ToList();
        return (records, warnings);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void ParallelOutputEqualsSingleThreadedOutput(string sample)
    {
        string file = TestFiles.PathOf(sample);
        foreach (bool recover in new[] { false, true })
        {
            (List<EvtxRecord> one, List<string> w1) = Read(file, 1, recover);
            (List<EvtxRecord> four, List<string> w4) = Read(file, 4, recover);
            Assert.Equal(one, four); // records are value-equal, in the same order
            Assert.Equal(w1, w4);
        }
    }

    [Fact]
    public void BreakingOutEarlyStopsWorkersAndReleasesTheFile()
    {
        string file = TestFiles.PathOf("evtx-crate/security.evtx");
        var summary = new EvtxFileSummary();
        List<EvtxRecord> first = EvtxFile.ReadRecords(file, new EvtxReaderOptions { Threads = 4 }, summary, TestContext.Current.CancellationToken).Take(5).ToList();
        Assert.Equal(5, first.Count);

        // Nothing keeps reading in the background: a second full read sees the same first records.
        Assert.Equal(first, EvtxFile.ReadRecords(file, new EvtxReaderOptions { Threads = 2 }, new EvtxFileSummary(), TestContext.Current.CancellationToken).Take(5));
    }

    [Fact]
    public void CancellationThrowsOperationCanceled()
    {
        string file = TestFiles.PathOf("evtx-crate/security.evtx");
        using var cts = new CancellationTokenSource();
        int n = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (EvtxRecord r in EvtxFile.ReadRecords(file, new EvtxReaderOptions { Threads = 2 }, new EvtxFileSummary(), cts.Token))
            {
                if (++n == 10)
                {
                    cts.Cancel();
                }
            }
        });
        Assert.Equal(10, n);
    }

    [Fact]
    public void MissingFileThrowsAtTheCall() =>
        Assert.Throws<FileNotFoundException>(() => EvtxFile.ReadRecords("/nonexistent/x.evtx", new EvtxReaderOptions(), new EvtxFileSummary(), TestContext.Current.CancellationToken));

    [Fact]
    public void TemplatesAreCompiledOncePerChunkAndReused()
    {
        string file = TestFiles.PathOf("evtx-crate/security.evtx");
        using SafeFileHandle h = File.OpenHandle(file);
        using var worker = new ChunkWorker();
        ChunkResult r = worker.Parse(h, RandomAccess.GetLength(h), 0, file, checkCrc: true, checkIds: false);
        int compiled = worker.Context.TemplatesCompiled;
        int hits = worker.Context.TemplateCacheHits;
        Assert.True(r.Records.Count > 50, $"{r.Records.Count} records");
        Assert.InRange(compiled, 1, r.Records.Count / 4);

        // Every record is one template instance (plus nested EventData instances); only first uses compile.
        Assert.True(hits >= r.Records.Count - compiled, $"{hits} cache hits for {r.Records.Count} records, {compiled} compiled");

        // A second parse of the same chunk starts from empty caches (templates are per chunk).
        worker.Parse(h, RandomAccess.GetLength(h), 0, file, checkCrc: true, checkIds: false);
        Assert.Equal(compiled, worker.Context.TemplatesCompiled);
    }

    /// <summary>
    /// A sparse temp file larger than 4 GiB: a real chunk at index 0 and a copy at index 65,537 (past the u16 chunk
    /// count and past 4 GiB). Both are read; offsets are 64-bit; the zero chunks between are one warning.
    /// </summary>
    [Fact]
    public void FilesOver4GiBAreReadPastTheHeaderChunkCount()
    {
        string sample = TestFiles.PathOf("deepbluecli/new-user-security.evtx");
        byte[] bytes = File.ReadAllBytes(sample);
        string tmp = Path.Combine(Path.GetTempPath(), $"vigil-evtx-big-{Environment.ProcessId}.evtx");
        const int FarChunk = 65537;
        long farOffset = 4096 + (FarChunk * 65536L);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                fs.Write(bytes, 0, 4096 + 65536);
                fs.SetLength(farOffset + 65536); // sparse hole
                fs.Position = farOffset;
                fs.Write(bytes, 4096, 65536);
            }

            var warnings = new List<EvtxDiagnostic>();
            var summary = new EvtxFileSummary();
            List<EvtxRecord> records = EvtxFile.ReadRecords(tmp, new EvtxReaderOptions { OnWarning = warnings.Add }, summary, TestContext.Current.CancellationToken).ToList();
            Assert.Equal(FarChunk + 1, summary.ChunksTotal);
            Assert.Equal(8, records.Count);
            Assert.Equal(records.Take(4).Select(r => r.Xml), records.Skip(4).Select(r => r.Xml));
            Assert.All(records.Skip(4), r =>
            {
                Assert.Equal(FarChunk, r.ChunkIndex);
                Assert.True(r.FileOffset > uint.MaxValue);
            });
            EvtxDiagnostic zero = Assert.Single(warnings);
            Assert.Equal(1, zero.ChunkIndex);
            Assert.Equal(FarChunk - 1, summary.ChunksEmpty);
        }
        finally
        {
            File.Delete(tmp);
        }
    }
}
