using System.Buffers.Binary;

namespace Vigil.Evtx.Internal;

/// <summary>The 4096-byte EVTX file header (128 bytes used).</summary>
internal readonly struct FileHeader
{
    public const int BlockSize = 4096;
    public const int UsedSize = 128;

    public bool SignatureValid { get; init; }
    public ulong FirstChunk { get; init; }
    public ulong LastChunk { get; init; }
    public ulong NextRecordId { get; init; }
    public uint HeaderSize { get; init; }
    public ushort MinorVersion { get; init; }
    public ushort MajorVersion { get; init; }
    public ushort HeaderBlockSize { get; init; }
    public ushort ChunkCount { get; init; }
    public uint Flags { get; init; }
    public uint StoredCrc { get; init; }
    public uint ComputedCrc { get; init; }

    public bool Dirty => (Flags & 0x1) != 0;
    public bool NoCrc => (Flags & 0x4) != 0;

    public static ReadOnlySpan<byte> Signature => "ElfFile\0"u8;

    public static FileHeader Parse(ReadOnlySpan<byte> b)
    {
        if (b.Length < UsedSize)
        {
            return default;
        }

        return new FileHeader
        {
            SignatureValid = b[..8].SequenceEqual(Signature),
            FirstChunk = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
            LastChunk = BinaryPrimitives.ReadUInt64LittleEndian(b[16..]),
            NextRecordId = BinaryPrimitives.ReadUInt64LittleEndian(b[24..]),
            HeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(b[32..]),
            MinorVersion = BinaryPrimitives.ReadUInt16LittleEndian(b[36..]),
            MajorVersion = BinaryPrimitives.ReadUInt16LittleEndian(b[38..]),
            HeaderBlockSize = BinaryPrimitives.ReadUInt16LittleEndian(b[40..]),
            ChunkCount = BinaryPrimitives.ReadUInt16LittleEndian(b[42..]),
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(b[120..]),
            StoredCrc = BinaryPrimitives.ReadUInt32LittleEndian(b[124..]),
            ComputedCrc = Crc32.Compute(b[..120]),
        };
    }
}
