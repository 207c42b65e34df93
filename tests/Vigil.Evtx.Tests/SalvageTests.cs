using System.Buffers.Binary;
using System.Diagnostics;

namespace Vigil.Evtx.Tests;

/// <summary>
/// Salvage, never skip whole: damaged records are kept with markers, counted and reported, and no record that
/// evtxexport renders is lost, under single-bit flips anywhere in the records of a real Sysmon log.
/// </summary>
public sealed class SalvageTests(ITestOutputHelper output)
{
    private const string Sample = "evtx-crate/sysmon.evtx";

    private static (List<EvtxRecord> Records, List<EvtxDiagnostic> Warnings, EvtxFileSummary Summary) Read(string file)
    {
        var warnings = new List<EvtxDiagnostic>();
        var summary = new EvtxFileSummary();
        List<EvtxRecord> records = EvtxFile.ReadRecords(file, new EvtxReaderOptions { OnWarning = warnings.Add, Threads = 2 }, summary).ToList();
        return (records, warnings, summary);
    }

    private static string TempCopy(byte[] bytes, string tag)
    {
        string tmp = Path.Combine(Path.GetTempPath(), $"vigil-salvage-{tag}-{Environment.ProcessId}.evtx");
        File.WriteAllBytes(tmp, bytes);
        return tmp;
    }

    /// <summary>Every value a detector reads (System values, then data values in order), ignoring element names.</summary>
    private static List<string?> Values(EventFields f) =>
        [f.RecordId, f.EventId, f.SystemTime, f.Channel, f.ProviderName, f.ProcessId, f.ThreadId, .. f.Data.Select(d => d.Value)];

    [Fact]
    public void DamagedNameKeepsTheRecordsAndTheirIntactFields()
    {
        string file = TestFiles.PathOf(Sample);
        byte[] bytes = File.ReadAllBytes(file);
        var original = Read(file);

        // The name "Computer" is defined once, inline in chunk 0's first template; every record of the chunk uses it.
        // Flipping bit 6 of its 'C' makes a control character, which no XML name may hold.
        int at = bytes.AsSpan(4096, 65536).IndexOf("C\0o\0m\0p\0u\0t\0e\0r\0"u8) + 4096;
        Assert.True(at > 4096);
        bytes[at] ^= 0x40;
        string tmp = TempCopy(bytes, "name");
        try
        {
            var damaged = Read(tmp);
            Assert.Equal(original.Records.Count, damaged.Records.Count);
            List<EvtxRecord> salvaged = damaged.Records.Where(r => r.Salvaged).ToList();
            Assert.NotEmpty(salvaged);
            Assert.All(salvaged, r => Assert.Equal(0, r.ChunkIndex));
            Assert.Equal(salvaged.Count, damaged.Summary.RecordsSalvaged);

            // One warning per salvaged record, naming the file, chunk, record and the damaged name's offset.
            List<EvtxDiagnostic> warnings = damaged.Warnings.Where(w => w.Message.Contains("salvaged", StringComparison.Ordinal)).ToList();
            Assert.Equal(salvaged.Select(r => r.RecordId), warnings.Select(w => w.RecordId!.Value));
            Assert.All(warnings, w => Assert.Equal((tmp, 0, (long)at - 8), (w.Path, w.ChunkIndex!.Value, w.FileOffset)));
            Assert.All(warnings, w => Assert.Contains("damaged element/attribute name", w.Message, StringComparison.Ordinal));

            foreach (EvtxRecord r in salvaged)
            {
                EventFields before = EventFields.FromXml(original.Records.Single(o => o.FileOffset == r.FileOffset).Xml);
                EventFields after = EventFields.FromXml(r.Xml);
                Assert.Contains("<Damaged._x0003_omputer>", r.Xml, StringComparison.Ordinal);
                Assert.Null(after.Computer);
                Assert.Equal(Values(before), Values(after));
                Assert.Equal(before.Data, after.Data);
                Assert.Equal((before.EventId, before.UserId), (after.EventId, after.UserId));
            }
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    /// <summary>
    /// 300 single-bit flips at deterministic random positions inside records (header, BinXML, values, trailing size),
    /// three per copy in different chunks. For each copy evtxexport renders N records; we must give at least N. A
    /// record salvaged for a damaged name keeps all its values.
    /// </summary>
    [Fact]
    public void BitFlipsNeverLoseARecordThatEvtxExportRenders()
    {
        string file = TestFiles.PathOf(Sample);
        ReferenceTools.Require(ReferenceTools.EvtxExport);
        byte[] pristine = File.ReadAllBytes(file);
        var original = Read(file);
        Dictionary<long, EvtxRecord> byOffset = original.Records.ToDictionary(r => r.FileOffset);
        List<IGrouping<int, EvtxRecord>> chunks = original.Records.GroupBy(r => r.ChunkIndex).ToList();
        Assert.True(chunks.Count >= 3);

        var rng = new Random(20240611);
        var sw = Stopwatch.StartNew();
        int flips = 0, copies = 0, salvagedRecords = 0, moreThanEvtxExport = 0, namesChecked = 0;
        var failures = new List<string>();
        string tmp = Path.Combine(Path.GetTempPath(), $"vigil-salvage-flips-{Environment.ProcessId}.evtx");
        try
        {
            for (; copies < 100; copies++)
            {
                byte[] bytes = (byte[])pristine.Clone();
                var where = new List<string>();
                foreach (IGrouping<int, EvtxRecord> chunk in chunks.OrderBy(_ => rng.Next()).Take(3))
                {
                    EvtxRecord victim = chunk.ElementAt(rng.Next(chunk.Count()));
                    int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(pristine.AsSpan((int)victim.FileOffset + 4));
                    long pos = victim.FileOffset + rng.Next(size);
                    int bit = rng.Next(8);
                    bytes[pos] ^= (byte)(1 << bit);
                    where.Add($"0x{pos:x} bit {bit} (record {victim.RecordId})");
                    flips++;
                }

                File.WriteAllBytes(tmp, bytes);
                int reference = ReferenceTools.SplitEvents(ReferenceTools.EvtxExportXml(tmp, "items").Stdout).Count;
                var ours = Read(tmp);
                salvagedRecords += (int)ours.Summary.RecordsSalvaged;
                moreThanEvtxExport += ours.Records.Count > reference ? 1 : 0;
                if (ours.Records.Count < reference)
                {
                    failures.Add($"flips {string.Join(", ", where)}: evtxexport {reference} records, we {ours.Records.Count}");
                }

                Assert.Equal(ours.Summary.RecordsSalvaged, ours.Records.Count(r => r.Salvaged));
                foreach (EvtxRecord r in ours.Records.Where(r => r.Salvaged))
                {
                    Assert.Contains(ours.Warnings, w => w.RecordId == r.RecordId && w.ChunkIndex == r.ChunkIndex && w.Message.Contains("salvaged", StringComparison.Ordinal));
                    bool nameOnly = ours.Warnings.Where(w => w.RecordId == r.RecordId && w.ChunkIndex == r.ChunkIndex)
                        .All(w => w.Message.Contains("damaged element/attribute name", StringComparison.Ordinal) && !w.Message.Contains("more damaged parts", StringComparison.Ordinal));
                    if (nameOnly && byOffset.TryGetValue(r.FileOffset, out EvtxRecord? before) && !where.Any(w => w.Contains($"(record {r.RecordId})", StringComparison.Ordinal)))
                    {
                        // The flip hit a shared name only (not this record's own bytes): every value is intact.
                        Assert.Equal(Values(EventFields.FromXml(before.Xml)), Values(EventFields.FromXml(r.Xml)));
                        namesChecked++;
                    }
                }
            }
        }
        finally
        {
            File.Delete(tmp);
        }

        output.WriteLine($"{flips} flips in {copies} copies, {sw.Elapsed.TotalSeconds:F1} s: {salvagedRecords} records salvaged, " +
            $"{moreThanEvtxExport} copies where we read more records than evtxexport, {namesChecked} name-damaged records checked value by value");
        Assert.True(failures.Count == 0, $"{failures.Count} copies lost records:\n" + string.Join('\n', failures.Take(20)));
    }
}
