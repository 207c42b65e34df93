using CsCheck;

namespace Vigil.Evtx.Tests.Properties;

/// <summary>
/// A real log damaged at random (bit flips in one chunk or the file header, or cut short) never makes the reader throw
/// or hang, and every record of a chunk the damage did not touch still comes out, rendered as before.
/// </summary>
public sealed class EvtxDamageProperties : IDisposable
{
    private const int FileHeaderSize = 4096;
    private const int ChunkSize = 65536;

    // 16 chunks of System events from a real machine; Recover carves records across chunks, so both modes are run.
    private const string Sample = "evtx-crate/system.evtx";

    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-evtx-damage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>What was done to the file: flipped bits (absolute bit offsets) or a new length.</summary>
    private sealed record Damage(long[] FlippedBits, int? CutAt, bool Recover)
    {
        public bool Touches(int chunk)
        {
            long start = FileHeaderSize + ((long)chunk * ChunkSize);
            return FlippedBits.Any(bit => bit / 8 >= start && bit / 8 < start + ChunkSize) || (CutAt is { } cut && cut < start + ChunkSize);
        }

        public byte[] ApplyTo(byte[] original)
        {
            byte[] damaged = original[..(CutAt ?? original.Length)];
            foreach (long bit in FlippedBits)
            {
                damaged[bit / 8] ^= (byte)(1 << (int)(bit % 8));
            }

            return damaged;
        }
    }

    private static Gen<Damage> Damages(int length)
    {
        int chunks = (length - FileHeaderSize) / ChunkSize;

        // Flips within one region (-1: the file header), so the other chunks are untouched.
        Gen<long[]> flips = Gen.Int[-1, chunks - 1].SelectMany(region =>
        {
            long start = region < 0 ? 0 : FileHeaderSize + ((long)region * ChunkSize);
            long size = region < 0 ? FileHeaderSize : ChunkSize;
            return Gen.Long[start * 8, ((start + size) * 8) - 1].Array[1, 16];
        });
        return Gen.Frequency(
            (3, Gen.Select(flips, Gen.Bool, (bits, recover) => new Damage(bits, null, recover))),
            (1, Gen.Select(Gen.Int[0, length - 1], Gen.Bool, (cut, recover) => new Damage([], cut, recover))));
    }

    private static List<EvtxRecord> Read(string path, bool recover)
    {
        var task = Task.Run(() => EvtxFile.ReadRecords(path, new EvtxReaderOptions { Threads = 1, Recover = recover }, new EvtxFileSummary()).ToList());
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "reader hung");
        return task.Result;
    }

    [Fact]
    public void Damage_never_throws_and_loses_no_record_of_an_untouched_chunk()
    {
        string original = TestFiles.PathOf(Sample);
        byte[] bytes = File.ReadAllBytes(original);
        var before = Read(original, recover: false).ToLookup(r => r.ChunkIndex, r => (r.RecordId, r.Xml));
        Assert.True(before.Count > 1, "the sample should have records in several chunks");
        string path = Path.Combine(_dir, "damaged.evtx");
        Damages(bytes.Length).Sample(damage =>
        {
            File.WriteAllBytes(path, damage.ApplyTo(bytes));
            var after = Read(path, damage.Recover).Where(r => !r.Recovered).ToLookup(r => r.ChunkIndex, r => (r.RecordId, r.Xml));
            foreach (var chunk in before.Where(c => !damage.Touches(c.Key)))
            {
                Assert.Equal(chunk, after[chunk.Key]);
            }
        }, iter: 50, threads: 1, print: d => d.CutAt is { } cut ? $"cut at {cut}, recover {d.Recover}" : $"bits {string.Join(",", d.FlippedBits)}, recover {d.Recover}");
    }
}
