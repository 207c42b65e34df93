using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Evtx.Internal;

/// <summary>CRC-32 (IEEE 802.3 / RFC 1952, zlib's crc32 with seed 0), slice-by-8.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            t[i] = c;
        }

        for (int i = 0; i < 256; i++)
        {
            for (int s = 1; s < 8; s++)
            {
                uint prev = t[((s - 1) * 256) + i];
                t[(s * 256) + i] = (prev >> 8) ^ t[prev & 0xFF];
            }
        }

        return t;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        // Every chunk's data is checked: the table is read without bounds checks (each index is a byte, or a byte
        // plus a multiple of 256 below 8 * 256, so always inside it).
        ref uint t = ref MemoryMarshal.GetArrayDataReference(Table);
        uint c = ~crc;
        while (data.Length >= 8)
        {
            uint one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            uint two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = At(ref t, 7, one & 0xFF) ^ At(ref t, 6, (one >> 8) & 0xFF) ^ At(ref t, 5, (one >> 16) & 0xFF) ^ At(ref t, 4, one >> 24)
              ^ At(ref t, 3, two & 0xFF) ^ At(ref t, 2, (two >> 8) & 0xFF) ^ At(ref t, 1, (two >> 16) & 0xFF) ^ At(ref t, 0, two >> 24);
            data = data[8..];
        }

        foreach (byte b in data)
        {
            c = At(ref t, 0, (c ^ b) & 0xFF) ^ (c >> 8);
        }

        return ~c;
    }

    /// <summary>Entry <paramref name="index"/> (below 256) of slice <paramref name="slice"/> (below 8).</summary>
    private static uint At(ref uint table, int slice, uint index) => Unsafe.Add(ref table, (nint)((slice * 256) + index));
}
