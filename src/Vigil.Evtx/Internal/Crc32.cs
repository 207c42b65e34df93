namespace Vigil.Evtx.Internal;

/// <summary>
/// CRC-32 (IEEE 802.3 / RFC 1952, zlib's crc32 with seed 0), as EVTX checksums its headers and records. Computed by
/// System.IO.Hashing, whose CRC-32 uses the processor's carry-less multiply: every chunk's records are checked, and a
/// table-driven CRC (slice-by-8) was a twentieth of an export's time.
/// </summary>
internal static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>The CRC of <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(first);
        crc.Append(second);
        return crc.GetCurrentHashAsUInt32();
    }
}
