using System.Buffers.Binary;

namespace Vigil.Evtx.Internal;

/// <summary>The 512-byte chunk header.</summary>
internal readonly struct ChunkHeader
{
    public const int Size = 65536;
    public const int HeaderSize = 512;

    public bool SignatureValid { get; init; }
    public ulong FirstRecordNumber { get; init; }
    public ulong LastRecordNumber { get; init; }
    public ulong FirstRecordId { get; init; }
    public ulong LastRecordId { get; init; }
    public uint HeaderSizeField { get; init; }
    public uint LastRecordOffset { get; init; }
    public uint FreeSpaceOffset { get; init; }
    public uint StoredDataCrc { get; init; }
    public uint Flags { get; init; }
    public uint StoredHeaderCrc { get; init; }

    public static ReadOnlySpan<byte> Signature => "ElfChnk\0"u8;

    public static ChunkHeader Parse(ReadOnlySpan<byte> c) => new()
    {
        SignatureValid = c[..8].SequenceEqual(Signature),
        FirstRecordNumber = BinaryPrimitives.ReadUInt64LittleEndian(c[8..]),
        LastRecordNumber = BinaryPrimitives.ReadUInt64LittleEndian(c[16..]),
        FirstRecordId = BinaryPrimitives.ReadUInt64LittleEndian(c[24..]),
        LastRecordId = BinaryPrimitives.ReadUInt64LittleEndian(c[32..]),
        HeaderSizeField = BinaryPrimitives.ReadUInt32LittleEndian(c[40..]),
        LastRecordOffset = BinaryPrimitives.ReadUInt32LittleEndian(c[44..]),
        FreeSpaceOffset = BinaryPrimitives.ReadUInt32LittleEndian(c[48..]),
        StoredDataCrc = BinaryPrimitives.ReadUInt32LittleEndian(c[52..]),
        Flags = BinaryPrimitives.ReadUInt32LittleEndian(c[120..]),
        StoredHeaderCrc = BinaryPrimitives.ReadUInt32LittleEndian(c[124..]),
    };

    public bool NoCrc => (Flags & 0x4) != 0;

    /// <summary>CRC32 of bytes 0..119 and 128..511.</summary>
    public static uint ComputeHeaderCrc(ReadOnlySpan<byte> c) => Crc32.Compute(c[..120], c[128..HeaderSize]);
}
