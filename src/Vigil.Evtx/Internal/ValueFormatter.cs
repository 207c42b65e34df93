using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Evtx.Internal;

/// <summary>BinXML value types.</summary>
internal static class ValueType
{
    public const byte Null = 0x00;
    public const byte String = 0x01;
    public const byte AnsiString = 0x02;
    public const byte Int8 = 0x03;
    public const byte UInt8 = 0x04;
    public const byte Int16 = 0x05;
    public const byte UInt16 = 0x06;
    public const byte Int32 = 0x07;
    public const byte UInt32 = 0x08;
    public const byte Int64 = 0x09;
    public const byte UInt64 = 0x0A;
    public const byte Real32 = 0x0B;
    public const byte Real64 = 0x0C;
    public const byte Bool = 0x0D;
    public const byte Binary = 0x0E;
    public const byte Guid = 0x0F;
    public const byte SizeT = 0x10;
    public const byte FileTime = 0x11;
    public const byte SystemTime = 0x12;
    public const byte Sid = 0x13;
    public const byte HexInt32 = 0x14;
    public const byte HexInt64 = 0x15;
    public const byte EvtHandle = 0x20;
    public const byte BinXml = 0x21;
    public const byte EvtXml = 0x23;
    public const byte ArrayFlag = 0x80;

    /// <summary>Fixed item size of a type, or 0 when the size is variable.</summary>
    public static int FixedSize(byte type) => type switch
    {
        Int8 or UInt8 => 1,
        Int16 or UInt16 => 2,
        Int32 or UInt32 or Real32 or Bool or HexInt32 => 4,
        Int64 or UInt64 or Real64 or FileTime or HexInt64 => 8,
        Guid or SystemTime => 16,
        _ => 0,
    };
}

/// <summary>Renders BinXML substitution values as Windows renders them.</summary>
internal static class ValueFormatter
{
    private const string UpperHex = "0123456789ABCDEF";

    private static readonly Encoding Ansi = CreateAnsi();
    private const long FileTimeEpochTicks = 504911232000000000; // new DateTime(1601, 1, 1).Ticks

    private static Encoding CreateAnsi()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>Appends one scalar value (not an array, not BinXML).</summary>
    public static void Append(StringBuilder sb, ReadOnlySpan<byte> d, byte type, bool attribute) => Append(sb, d, type, attribute, TextForm.Escaped);

    /// <summary>
    /// Appends one scalar value for the search text: as the XML shows it but unescaped; when escaping would change it
    /// (only strings can), the attribute-escaped form follows after a '\n', so that entity names ("amp") are found too.
    /// </summary>
    public static void AppendSearch(StringBuilder sb, ReadOnlySpan<byte> d, byte type)
    {
        Append(sb, d, type, attribute: true, TextForm.Plain);
        if (type is ValueType.String or ValueType.EvtXml or ValueType.AnsiString && NeedsEscape(d, type))
        {
            sb.Append('\n');
            Append(sb, d, type, attribute: true, TextForm.Escaped);
        }
    }

    private static bool NeedsEscape(ReadOnlySpan<byte> d, byte type)
    {
        if (type == ValueType.AnsiString)
        {
            // Code page 1252 maps bytes below 0x80 to ASCII and nothing else to a character that escaping changes.
            foreach (byte b in d.TrimEnd((byte)0))
            {
                if (b < 0x20 || b is (byte)'&' or (byte)'<' or (byte)'>' or (byte)'"')
                {
                    return true;
                }
            }

            return false;
        }

        return XmlEscape.NeedsEscape(MemoryMarshal.Cast<byte, char>(d).TrimEnd('\0'));
    }

    /// <summary>Appends one scalar value; only strings differ between the <paramref name="form"/>s.</summary>
    public static void Append(StringBuilder sb, ReadOnlySpan<byte> d, byte type, bool attribute, TextForm form)
    {
        switch (type)
        {
            case ValueType.Null:
                return;
            case ValueType.String:
            case ValueType.EvtXml:
                AppendUtf16(sb, d, attribute, form);
                return;
            case ValueType.AnsiString:
                AppendAnsi(sb, d, attribute, form);
                return;
            case ValueType.Int8 when d.Length >= 1:
                AppendInvariant(sb, (sbyte)d[0]);
                return;
            case ValueType.UInt8 when d.Length >= 1:
                AppendInvariant(sb, d[0]);
                return;
            case ValueType.Int16 when d.Length >= 2:
                AppendInvariant(sb, BinaryPrimitives.ReadInt16LittleEndian(d));
                return;
            case ValueType.UInt16 when d.Length >= 2:
                AppendInvariant(sb, BinaryPrimitives.ReadUInt16LittleEndian(d));
                return;
            case ValueType.Int32 when d.Length >= 4:
                AppendInvariant(sb, BinaryPrimitives.ReadInt32LittleEndian(d));
                return;
            case ValueType.UInt32 when d.Length >= 4:
                AppendInvariant(sb, BinaryPrimitives.ReadUInt32LittleEndian(d));
                return;
            case ValueType.Int64 when d.Length >= 8:
                AppendInvariant(sb, BinaryPrimitives.ReadInt64LittleEndian(d));
                return;
            case ValueType.UInt64 when d.Length >= 8:
                AppendInvariant(sb, BinaryPrimitives.ReadUInt64LittleEndian(d));
                return;
            case ValueType.Real32 when d.Length >= 4:
                AppendInvariant(sb, BinaryPrimitives.ReadSingleLittleEndian(d));
                return;
            case ValueType.Real64 when d.Length >= 8:
                AppendInvariant(sb, BinaryPrimitives.ReadDoubleLittleEndian(d));
                return;
            case ValueType.Bool when d.Length >= 1:
                // Windows treats any non-zero value as true (see sample-with-irregular-bool-values).
                sb.Append(ReadUnsigned(d) != 0 ? "true" : "false");
                return;
            case ValueType.Binary:
                AppendHexBytes(sb, d);
                return;
            case ValueType.Guid when d.Length >= 16:
                AppendGuid(sb, d);
                return;
            case ValueType.SizeT or ValueType.HexInt32 or ValueType.HexInt64 or ValueType.EvtHandle when d.Length is 1 or 2 or 4 or 8:
                AppendHex(sb, ReadUnsigned(d));
                return;
            case ValueType.FileTime when d.Length >= 8:
                AppendFileTime(sb, BinaryPrimitives.ReadInt64LittleEndian(d));
                return;
            case ValueType.SystemTime when d.Length >= 16:
                AppendSystemTime(sb, d);
                return;
            case ValueType.Sid when d.Length >= 8:
                AppendSid(sb, d);
                return;
            default:
                // Unknown type or inconsistent size: show the raw bytes rather than lose them.
                AppendHexBytes(sb, d);
                return;
        }
    }

    /// <summary>Splits an array value into items; returns the item count. <paramref name="items"/> receives (offset, length) pairs.</summary>
    public static int SplitArray(ReadOnlySpan<byte> d, byte itemType, List<(int Offset, int Length)> items)
    {
        items.Clear();
        int fixedSize = ValueType.FixedSize(itemType);
        if (fixedSize > 0)
        {
            for (int o = 0; o + fixedSize <= d.Length; o += fixedSize)
            {
                items.Add((o, fixedSize));
            }

            return items.Count;
        }

        switch (itemType)
        {
            case ValueType.String:
            {
                // NUL-terminated UTF-16 strings back to back.
                int start = 0;
                int o = 0;
                for (; o + 1 < d.Length; o += 2)
                {
                    if (d[o] == 0 && d[o + 1] == 0)
                    {
                        items.Add((start, o - start));
                        start = o + 2;
                    }
                }

                if (start < d.Length - 1)
                {
                    items.Add((start, (d.Length & ~1) - start));
                }

                break;
            }

            case ValueType.AnsiString:
            {
                int start = 0;
                for (int o = 0; o < d.Length; o++)
                {
                    if (d[o] == 0)
                    {
                        items.Add((start, o - start));
                        start = o + 1;
                    }
                }

                if (start < d.Length)
                {
                    items.Add((start, d.Length - start));
                }

                break;
            }

            case ValueType.Sid:
                for (int o = 0; o + 8 <= d.Length;)
                {
                    int len = 8 + (4 * d[o + 1]);
                    if (o + len > d.Length)
                    {
                        break;
                    }

                    items.Add((o, len));
                    o += len;
                }

                break;
            case ValueType.SizeT or ValueType.EvtHandle:
            {
                int size = d.Length % 8 == 0 ? 8 : 4;
                for (int o = 0; o + size <= d.Length; o += size)
                {
                    items.Add((o, size));
                }

                break;
            }

            default:
                if (d.Length > 0)
                {
                    items.Add((0, d.Length));
                }

                break;
        }

        return items.Count;
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> d) => d.Length switch
    {
        >= 8 => BinaryPrimitives.ReadUInt64LittleEndian(d),
        >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(d),
        >= 2 => BinaryPrimitives.ReadUInt16LittleEndian(d),
        1 => d[0],
        _ => 0,
    };

    private static void AppendUtf16(StringBuilder sb, ReadOnlySpan<byte> d, bool attribute, TextForm form)
    {
        ReadOnlySpan<char> s = MemoryMarshal.Cast<byte, char>(d);
        s = s.TrimEnd('\0');
        XmlEscape.Append(sb, s, attribute, form);
    }

    private static void AppendAnsi(StringBuilder sb, ReadOnlySpan<byte> d, bool attribute, TextForm form)
    {
        d = d.TrimEnd((byte)0);
        if (d.IsEmpty)
        {
            return;
        }

        Span<char> buf = d.Length <= 512 ? stackalloc char[d.Length] : new char[d.Length];
        int n = Ansi.GetChars(d, buf);
        XmlEscape.Append(sb, buf[..n], attribute, form);
    }

    private static void AppendInvariant<T>(StringBuilder sb, T value)
        where T : ISpanFormattable
    {
        Span<char> buf = stackalloc char[64];
        if (value.TryFormat(buf, out int n, default, CultureInfo.InvariantCulture))
        {
            sb.Append(buf[..n]);
        }
        else
        {
            sb.Append(value.ToString(null, CultureInfo.InvariantCulture));
        }
    }

    private static void AppendInvariant(StringBuilder sb, float value) => sb.Append(value.ToString("R", CultureInfo.InvariantCulture));

    private static void AppendInvariant(StringBuilder sb, double value) => sb.Append(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>"0x" and lower-case hex digits without padding, as Windows renders HexInt32/HexInt64/SizeT.</summary>
    public static void AppendHex(StringBuilder sb, ulong v)
    {
        Span<char> buf = stackalloc char[18];
        buf[0] = '0';
        buf[1] = 'x';
        v.TryFormat(buf[2..], out int n, "x", CultureInfo.InvariantCulture);
        sb.Append(buf[..(n + 2)]);
    }

    private static void AppendHexBytes(StringBuilder sb, ReadOnlySpan<byte> d)
    {
        const string Hex = "0123456789ABCDEF";
        Span<char> buf = stackalloc char[256];
        while (!d.IsEmpty)
        {
            int n = Math.Min(d.Length, 128);
            for (int i = 0; i < n; i++)
            {
                buf[2 * i] = Hex[d[i] >> 4];
                buf[(2 * i) + 1] = Hex[d[i] & 0xF];
            }

            sb.Append(buf[..(2 * n)]);
            d = d[n..];
        }
    }

    /// <summary>
    /// A GUID as Windows renders it, {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} in upper case: the first three groups are
    /// little-endian numbers, the last two the bytes in order. Every event's provider has one.
    /// </summary>
    public static void AppendGuid(StringBuilder sb, ReadOnlySpan<byte> d)
    {
        Span<char> buf = stackalloc char[38];
        buf[0] = '{';
        var at = 1;
        foreach (var i in (ReadOnlySpan<byte>)[3, 2, 1, 0, 255, 5, 4, 255, 7, 6, 255, 8, 9, 255, 10, 11, 12, 13, 14, 15])
        {
            if (i == 255)
            {
                buf[at++] = '-';
                continue;
            }

            buf[at++] = UpperHex[d[i] >> 4];
            buf[at++] = UpperHex[d[i] & 0xF];
        }

        buf[at] = '}';
        sb.Append(buf);
    }

    /// <summary>ISO 8601 with 7 fractional digits and "Z", as Windows renders FILETIME values.</summary>
    public static void AppendFileTime(StringBuilder sb, long fileTime)
    {
        if (fileTime >= 0 && fileTime <= DateTime.MaxValue.Ticks - FileTimeEpochTicks)
        {
            var dt = new DateTime(FileTimeEpochTicks + fileTime, DateTimeKind.Utc);
            Span<char> buf = stackalloc char[40];
            dt.TryFormat(buf, out int n, "O", CultureInfo.InvariantCulture);
            sb.Append(buf[..n]);
        }
        else
        {
            // Outside the DateTime range: keep the raw value visible.
            AppendHex(sb, unchecked((ulong)fileTime));
        }
    }

    private static void AppendSystemTime(StringBuilder sb, ReadOnlySpan<byte> d)
    {
        int year = BinaryPrimitives.ReadUInt16LittleEndian(d);
        int month = BinaryPrimitives.ReadUInt16LittleEndian(d[2..]);
        int day = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]);
        int hour = BinaryPrimitives.ReadUInt16LittleEndian(d[8..]);
        int minute = BinaryPrimitives.ReadUInt16LittleEndian(d[10..]);
        int second = BinaryPrimitives.ReadUInt16LittleEndian(d[12..]);
        int ms = BinaryPrimitives.ReadUInt16LittleEndian(d[14..]);
        sb.Append(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:{second:D2}.{ms:D3}0000Z");
    }

    public static void AppendSid(StringBuilder sb, ReadOnlySpan<byte> d)
    {
        int revision = d[0];
        int count = d[1];
        ulong authority = 0;
        for (int i = 2; i < 8; i++)
        {
            authority = (authority << 8) | d[i];
        }

        sb.Append("S-");
        AppendInvariant(sb, revision);
        sb.Append('-');
        if (authority >= 1UL << 32)
        {
            sb.Append(CultureInfo.InvariantCulture, $"0x{authority:X12}");
        }
        else
        {
            AppendInvariant(sb, authority);
        }

        for (int i = 0; i < count && 8 + (4 * i) + 4 <= d.Length; i++)
        {
            sb.Append('-');
            AppendInvariant(sb, BinaryPrimitives.ReadUInt32LittleEndian(d[(8 + (4 * i))..]));
        }
    }
}
