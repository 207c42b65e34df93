using System.Buffers.Binary;

namespace Vigil.Evtx.Tests;

/// <summary>Record counts per sample against the evtxexport numbers listed in ../shared/README.md (read at run time).</summary>
public sealed class RecordCountTests
{
    public static TheoryData<string> Samples() => TestFiles.AllSamples();

    [Theory]
    [MemberData(nameof(Samples))]
    public void NormalRecordCountMatchesReadme(string sample)
    {
        string file = TestFiles.PathOf(sample);
        Dictionary<string, (int Normal, int Recovered)> counts = TestFiles.ReadmeCounts();
        string name = Path.GetFileNameWithoutExtension(file);
        Assert.True(counts.ContainsKey(name), $"README.md lists no count for {name}");
        (int normal, _) = counts[name];

        var summary = new EvtxFileSummary();
        var warnings = new List<EvtxDiagnostic>();
        List<EvtxRecord> records = EvtxFile.ReadRecords(file, new EvtxReaderOptions { OnWarning = warnings.Add }, summary, TestContext.Current.CancellationToken).ToList();

        Assert.Equal(records.Count, summary.RecordsRead);
        Assert.Equal(0, summary.RecordsRecovered);
        Assert.Equal(warnings.Count, summary.Warnings);
        Assert.Equal((int)((new FileInfo(file).Length - 4096 + 65535) / 65536), summary.ChunksTotal);
        Assert.Equal(summary.ChunksTotal, summary.ChunksParsed + summary.ChunksEmpty + warnings.Count(w => w.Message.Contains("bad chunk signature", StringComparison.Ordinal)));
        if (normal == 0)
        {
            // README: "evtxexport fails on these two; the records are there". The chunk header announces them.
            Assert.NotEmpty(records);
            Assert.Equal(AnnouncedRecords(file), records.Count);
        }
        else
        {
            // Never fewer than evtxexport; more only by records we salvaged (damaged records evtxexport drops).
            Assert.InRange(records.Count, normal, normal + summary.RecordsSalvaged);
            Assert.Equal(summary.RecordsSalvaged, records.Count(r => r.Salvaged));
        }

        // Record order: file order (chunk index, then offset), and ids strictly increase inside a chunk.
        Assert.Equal(records.OrderBy(r => r.FileOffset).Select(r => r.FileOffset), records.Select(r => r.FileOffset));
        foreach (IGrouping<int, EvtxRecord> chunk in records.GroupBy(r => r.ChunkIndex))
        {
            Assert.True(chunk.Zip(chunk.Skip(1)).All(p => p.First.RecordId < p.Second.RecordId), $"record ids not increasing in chunk {chunk.Key}");
            Assert.All(chunk, r => Assert.InRange(r.FileOffset, 4096 + (chunk.Key * 65536L) + 512, 4096 + ((chunk.Key + 1) * 65536L) - 28));
        }
    }

    /// <summary>Sum over chunks with a valid signature of (last record number - first record number + 1).</summary>
    private static int AnnouncedRecords(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        int total = 0;
        for (int off = 4096; off + 65536 <= bytes.Length; off += 65536)
        {
            if (bytes.AsSpan(off, 8).SequenceEqual("ElfChnk\0"u8))
            {
                total += (int)(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(off + 16)) - BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(off + 8)) + 1);
            }
        }

        return total;
    }
}
