namespace Vigil.Evtx.Tests;

/// <summary>
/// Damaged samples: intact records come out, each damage gets one precise warning (file, chunk, record, offset), the
/// summary counts it, nothing throws and nothing hangs. Expected locations come from inspecting the files' bytes.
/// </summary>
public sealed class DamageTests
{
    private sealed record Run(List<EvtxRecord> Records, List<EvtxDiagnostic> Warnings, EvtxFileSummary Summary);

    private static Run Read(string sample, bool recover = false, int threads = 2)
    {
        string file = TestFiles.PathOf(sample);
        var warnings = new List<EvtxDiagnostic>();
        var summary = new EvtxFileSummary();
        var task = Task.Run(() => EvtxFile.ReadRecords(file, new EvtxReaderOptions { OnWarning = warnings.Add, Recover = recover, Threads = threads }, summary).ToList());
        Assert.True(task.Wait(TimeSpan.FromSeconds(60)), "reader hung");
        Assert.All(warnings, w => Assert.Equal(file, w.Path));
        Assert.Equal(warnings.Count, summary.Warnings);
        return new Run(task.Result, warnings, summary);
    }

    [Fact]
    public void ZeroSizeRecordIsReportedAndTheRestOfTheFileIsRead()
    {
        Run run = Read("evtx-crate/sample-with-zero-data-size-event.evtx");
        EvtxDiagnostic zero = Assert.Single(run.Warnings, w => w.Message.Contains("zero-size record", StringComparison.Ordinal));
        Assert.Equal(0, zero.ChunkIndex);
        Assert.Equal(0x1820, zero.FileOffset); // chunk 0 at 0x1000, record at chunk offset 0x820
        Assert.Contains(run.Warnings, w => w.ChunkIndex == 0 && w.Message.StartsWith("chunk data checksum mismatch", StringComparison.Ordinal));
        Assert.Equal(335, run.Records.Count);
        Assert.Contains(run.Records, r => r.ChunkIndex == 3); // chunks after the damaged one are read
        Assert.Equal(1, run.Summary.ChunksDamaged);
        Assert.Equal(4, run.Summary.ChunksParsed);
    }

    [Fact]
    public void ZeroSizeRecordSampleRecoversTheRestOfTheChunk()
    {
        Run run = Read("evtx-crate/sample-with-zero-data-size-event.evtx", recover: true);
        Assert.Equal(335, run.Summary.RecordsRead);
        Assert.True(run.Summary.RecordsRecovered >= 114, $"recovered {run.Summary.RecordsRecovered}");
        Assert.All(run.Records.Where(r => r.Recovered), r => Assert.Equal(0, r.ChunkIndex));
    }

    [Fact]
    public void BadChunkMagicSkipsTheChunkWithAWarningAndRecoveryCarvesIt()
    {
        Run run = Read("evtx-crate/sample_with_a_bad_chunk_magic.evtx");
        // Chunks 6 and 10 have zeroed headers (and zeroed template definitions: their remaining records cannot be
        // rendered, by evtxexport either).
        List<EvtxDiagnostic> magic = run.Warnings.Where(w => w.Message.StartsWith("bad chunk signature", StringComparison.Ordinal)).ToList();
        Assert.Equal([6, 10], magic.Select(w => w.ChunkIndex!.Value));
        Assert.Equal([4096 + (6 * 65536L), 4096 + (10 * 65536L)], magic.Select(w => w.FileOffset));
        Assert.All(magic, w => Assert.Contains("zeroed chunk header", w.Message, StringComparison.Ordinal));

        // Three records whose trailing size copy (and the rest of the chunk) was zeroed: salvaged, as the evtx crate
        // reads them (its test expects 270 records; evtxexport drops these three and gives 267).
        List<EvtxDiagnostic> salvaged = run.Warnings.Where(w => w.Message.Contains("does not match its trailing copy", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [(0, 46741UL, 0x2fc0L), (7, 47640UL, 0x72e68L), (9, 45933UL, 0x9ee40L)],
            salvaged.Select(w => (w.ChunkIndex!.Value, w.RecordId!.Value, w.FileOffset)));
        Assert.All(salvaged, w => Assert.Contains("salvaged", w.Message, StringComparison.Ordinal));
        Assert.Equal(270, run.Records.Count);
        Assert.Equal(3, run.Summary.RecordsSalvaged);
        Assert.Equal([46741UL, 47640UL, 45933UL], run.Records.Where(r => r.Salvaged).Select(r => r.RecordId));
        Assert.DoesNotContain(run.Records, r => r.ChunkIndex is 6 or 10);

        // Record 46741 lost its substitution values (zeroed): the template's constant parts are still rendered.
        EvtxRecord cut = run.Records.Single(r => r.RecordId == 46741);
        Assert.Contains("<Computer>DESKTOP-1N4R894</Computer>", cut.Xml, StringComparison.Ordinal);

        Run recovered = Read("evtx-crate/sample_with_a_bad_chunk_magic.evtx", recover: true);
        Assert.Equal(270, recovered.Summary.RecordsRead);
        // The 81 records after the damaged record of chunk 7 (evtxexport recovers the same 81).
        Assert.Equal(81, recovered.Records.Count(r => r.Recovered && r.ChunkIndex == 7));

        // Chunks 6 and 10 lost their header and template definitions: their records are carved with the templates of
        // the same ids from the other chunks.
        Assert.Equal(recovered.Summary.RecordsRecovered, recovered.Records.Count(r => r.Recovered));
        Assert.Contains(recovered.Records, r => r.Recovered && r.ChunkIndex == 6);
        Assert.Contains(recovered.Records, r => r.Recovered && r.ChunkIndex == 10);
    }

    [Fact]
    public void BrokenStringTableIsReportedAsAHeaderChecksumMismatchAndAllRecordsAreRead()
    {
        Run run = Read("evtx-crate/security_bad_string_cache.evtx");
        EvtxDiagnostic crc = Assert.Single(run.Warnings, w => w.Message.StartsWith("chunk header checksum mismatch", StringComparison.Ordinal));
        Assert.Equal(0, crc.ChunkIndex);
        Assert.Equal(4096 + 124, crc.FileOffset);
        Assert.Equal(2261, run.Records.Count);

        // Same records as the undamaged file: names are resolved by offset, not through the damaged hash table.
        Run intact = Read("evtx-crate/security.evtx");
        Assert.DoesNotContain(intact.Warnings, w => w.Message.Contains("checksum", StringComparison.Ordinal));
        Assert.Equal(intact.Records.Select(r => r.Xml), run.Records.Select(r => r.Xml));
    }

    [Fact]
    public void NoCrcFlagDisablesChecksumWarnings()
    {
        Run run = Read("evtx-crate/Application_no_crc32.evtx");
        Assert.Empty(run.Warnings);
        Assert.Equal(17, run.Records.Count);
    }

    [Fact]
    public void GarbageChunksInSysmonSampleAreSkippedWithWarnings()
    {
        Run run = Read("evtx-crate/sysmon.evtx");
        List<EvtxDiagnostic> bad = run.Warnings.Where(w => w.Message.StartsWith("bad chunk signature", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(9, 8).Select(i => (int?)i), bad.Select(w => w.ChunkIndex));
        Assert.Equal(358, run.Records.Count);
        Assert.Equal(8, run.Summary.ChunksDamaged);
    }

    [Fact]
    public void TrailingUnusedChunksAreCountedNotReported()
    {
        // Windows preallocates chunks: the zeroed tail of a healthy log is unused space, not damage.
        Run run = Read("deepbluecli/many-events-application.evtx");
        Assert.Empty(run.Warnings);
        Assert.Equal(12, run.Summary.ChunksEmpty);
        Assert.Equal(0, run.Summary.ChunksDamaged);
    }

    [Fact]
    public void ZeroedChunksBetweenUsedOnesGiveOneWarningPerRun()
    {
        byte[] bytes = File.ReadAllBytes(TestFiles.PathOf("deepbluecli/many-events-application.evtx"));
        Array.Clear(bytes, 4096 + (3 * 65536), 2 * 65536);
        string tmp = Path.Combine(Path.GetTempPath(), $"vigil-evtx-zeroed-{Environment.ProcessId}.evtx");
        File.WriteAllBytes(tmp, bytes);
        try
        {
            var warnings = new List<EvtxDiagnostic>();
            var summary = new EvtxFileSummary();
            int records = EvtxFile.ReadRecords(tmp, new EvtxReaderOptions { OnWarning = warnings.Add }, summary, TestContext.Current.CancellationToken).Count();
            EvtxDiagnostic w = Assert.Single(warnings);
            Assert.Equal(3, w.ChunkIndex);
            Assert.Contains("chunks 3..4 are all zero", w.Message, StringComparison.Ordinal);
            Assert.Equal(14, summary.ChunksEmpty);
            Assert.True(records < 2216, $"{records} records");
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    /// <summary>Corrupt a real file in many ways (temp copies, fixed seed): never throws, never hangs, stays in bounds.</summary>
    [Fact]
    public async Task RandomCorruptionNeverThrowsOrHangs()
    {
        string file = TestFiles.PathOf("deepbluecli/new-user-security.evtx");
        byte[] original = File.ReadAllBytes(file);
        var rng = new Random(20240601);
        string tmp = Path.Combine(Path.GetTempPath(), $"vigil-evtx-fuzz-{Environment.ProcessId}.evtx");
        try
        {
            for (int round = 0; round < 300; round++)
            {
                byte[] bytes = (byte[])original.Clone();
                int flips = 1 + rng.Next(40);
                for (int i = 0; i < flips; i++)
                {
                    // Mostly inside the records and templates, sometimes in the headers.
                    int at = rng.Next(10) == 0 ? rng.Next(4096 + 512) : 4096 + 512 + rng.Next(bytes.Length - 4096 - 512);
                    bytes[at] = (byte)rng.Next(256);
                }

                int length = rng.Next(8) == 0 ? rng.Next(bytes.Length) : bytes.Length;
                File.WriteAllBytes(tmp, bytes.AsSpan(0, length).ToArray());
                var summary = new EvtxFileSummary();
                var task = Task.Run(() => EvtxFile.ReadRecords(tmp, new EvtxReaderOptions { Recover = round % 2 == 0, Threads = 1 }, summary).ToList(), TestContext.Current.CancellationToken);
                Assert.True(await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken)) == task, $"round {round} hung");
                var records = await task;
                Assert.True(records.Count <= 4 + 10, $"round {round}: {records.Count} records from a 4-record file");
                Assert.All(records, r => EventFields.ParseXml(r.Xml));
            }
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    [Fact]
    public void TruncatedAndTinyFilesAreReportedNotThrown()
    {
        string file = TestFiles.PathOf("deepbluecli/new-user-security.evtx");
        byte[] original = File.ReadAllBytes(file);
        string tmp = Path.Combine(Path.GetTempPath(), $"vigil-evtx-trunc-{Environment.ProcessId}.evtx");
        try
        {
            foreach (int length in new[] { 0, 7, 100, 4096, 4096 + 300, 4096 + 20000 })
            {
                File.WriteAllBytes(tmp, original.AsSpan(0, length).ToArray());
                var warnings = new List<EvtxDiagnostic>();
                var summary = new EvtxFileSummary();
                List<EvtxRecord> records = EvtxFile.ReadRecords(tmp, new EvtxReaderOptions { OnWarning = warnings.Add }, summary, TestContext.Current.CancellationToken).ToList();
                Assert.NotEmpty(warnings);
                if (length == 4096 + 20000)
                {
                    Assert.Contains(warnings, w => w.ChunkIndex == 0 && w.Message.StartsWith("truncated chunk", StringComparison.Ordinal));
                    Assert.NotEmpty(records); // the records inside the first 20000 bytes
                }
            }
        }
        finally
        {
            File.Delete(tmp);
        }
    }
}
