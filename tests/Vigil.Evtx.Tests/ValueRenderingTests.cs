using CsCheck;
using System.Text;
using Vigil.Evtx.Internal;
using ValueType = Vigil.Evtx.Internal.ValueType;

namespace Vigil.Evtx.Tests;

/// <summary>Value types rendered as Windows renders them (see the comments for the reference).</summary>
public sealed class ValueRenderingTests
{
    private static string Render(byte type, byte[] data, bool attribute = false)
    {
        var sb = new StringBuilder();
        ValueFormatter.Append(sb, data, type, attribute);
        return sb.ToString();
    }

    [Fact]
    public void FileTimeHasSevenFractionalDigitsAndZ()
    {
        long ft = new DateTime(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc).AddTicks(3253836).ToFileTimeUtc();
        Assert.Equal("2022-12-20T15:58:25.3253836Z", Render(ValueType.FileTime, BitConverter.GetBytes(ft)));
        Assert.Equal("1601-01-01T00:00:00.0000000Z", Render(ValueType.FileTime, new byte[8]));
    }

    [Fact]
    public void SystemTimeUsesMillisecondsPaddedToSevenDigits()
    {
        // year, month, day-of-week, day, hour, minute, second, milliseconds (u16 each)
        byte[] st = [.. new ushort[] { 2019, 4, 2, 30, 19, 30, 25, 732 }.SelectMany(BitConverter.GetBytes)];
        Assert.Equal("2019-04-30T19:30:25.7320000Z", Render(ValueType.SystemTime, st));
    }

    [Fact]
    public void AnyGuidIsItsBracedUpperCaseForm()
    {
        Gen.Byte.Array[16].Sample(bytes =>
            Assert.Equal(new Guid(bytes).ToString("B").ToUpperInvariant(), Render(ValueType.Guid, bytes)), iter: 5000);
    }

    [Fact]
    public void SidGuidAndHexValues()
    {
        byte[] sid = [1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0xC1, 0x3B, 0x73, 0xCE, 0x51, 0x2B, 0x3F, 0xAE, 0x76, 0x80, 0x79, 0xD3, 0xE8, 0x03, 0, 0];
        Assert.Equal("S-1-5-21-3463658433-2923375441-3547955318-1000", Render(ValueType.Sid, sid));
        Assert.Equal("S-1-5-18", Render(ValueType.Sid, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]));

        var guid = new Guid("54849625-5478-4994-a5ba-3e3b0328c30d");
        Assert.Equal("{54849625-5478-4994-A5BA-3E3B0328C30D}", Render(ValueType.Guid, guid.ToByteArray()));

        // Windows prints hex without padding: SubjectLogonId 0x3e7, SubStatus 0x0, Keywords 0x8020000000000000.
        Assert.Equal("0x3e7", Render(ValueType.HexInt64, BitConverter.GetBytes(0x3e7UL)));
        Assert.Equal("0x8020000000000000", Render(ValueType.HexInt64, BitConverter.GetBytes(0x8020000000000000UL)));
        Assert.Equal("0x0", Render(ValueType.HexInt32, BitConverter.GetBytes(0u)));
        Assert.Equal("0xc000006d", Render(ValueType.HexInt32, BitConverter.GetBytes(0xc000006du)));

        // SizeT (win:Pointer, e.g. 4688 NewProcessId) is printed as hex by Windows, 4 or 8 bytes.
        Assert.Equal("0x24c", Render(ValueType.SizeT, BitConverter.GetBytes(0x24cUL)));
        Assert.Equal("0x24c", Render(ValueType.SizeT, BitConverter.GetBytes(0x24cU)));
    }

    [Fact]
    public void IntegersBoolsRealsAndBinary()
    {
        Assert.Equal("-5", Render(ValueType.Int8, [0xFB]));
        Assert.Equal("251", Render(ValueType.UInt8, [0xFB]));
        Assert.Equal("-2", Render(ValueType.Int16, BitConverter.GetBytes((short)-2)));
        Assert.Equal("65535", Render(ValueType.UInt16, BitConverter.GetBytes(ushort.MaxValue)));
        Assert.Equal("-2147483648", Render(ValueType.Int32, BitConverter.GetBytes(int.MinValue)));
        Assert.Equal("4294967295", Render(ValueType.UInt32, BitConverter.GetBytes(uint.MaxValue)));
        Assert.Equal("-9223372036854775808", Render(ValueType.Int64, BitConverter.GetBytes(long.MinValue)));
        Assert.Equal("18446744073709551615", Render(ValueType.UInt64, BitConverter.GetBytes(ulong.MaxValue)));
        Assert.Equal("1.5", Render(ValueType.Real32, BitConverter.GetBytes(1.5f)));
        Assert.Equal("0.1", Render(ValueType.Real64, BitConverter.GetBytes(0.1)));
        Assert.Equal("false", Render(ValueType.Bool, BitConverter.GetBytes(0)));
        Assert.Equal("true", Render(ValueType.Bool, BitConverter.GetBytes(1)));
        Assert.Equal("true", Render(ValueType.Bool, BitConverter.GetBytes(0x100))); // irregular values are true
        Assert.Equal("00FF10AB", Render(ValueType.Binary, [0x00, 0xFF, 0x10, 0xAB]));
    }

    [Fact]
    public void StringsAreEscapedAndTrailingNulsDropped()
    {
        Assert.Equal("a&amp;b&lt;c&gt;\"d", Render(ValueType.String, Encoding.Unicode.GetBytes("a&b<c>\"d\0\0")));
        Assert.Equal("a&amp;b&lt;c&gt;&quot;d", Render(ValueType.String, Encoding.Unicode.GetBytes("a&b<c>\"d"), attribute: true));
        Assert.Equal("x&#x3;y\r\n\tz", Render(ValueType.String, Encoding.Unicode.GetBytes("x\u0003y\r\n\tz")));
        Assert.Equal("&#xa;", Render(ValueType.String, Encoding.Unicode.GetBytes("\n"), attribute: true));
        Assert.Equal("\uFFFDok", Render(ValueType.String, Encoding.Unicode.GetBytes("\uD800ok")));
        Assert.Equal("😀", Render(ValueType.String, Encoding.Unicode.GetBytes("😀")));
        Assert.Equal("caf\u00e9 \u20ac", Render(ValueType.AnsiString, [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', 0x80, 0]));
    }

    [Fact]
    public void ArraysSplitIntoItems()
    {
        var items = new List<(int Offset, int Length)>();
        Assert.Equal(3, ValueFormatter.SplitArray(Encoding.Unicode.GetBytes("a\0\0bc\0"), ValueType.String, items));
        Assert.Equal([(0, 2), (4, 0), (6, 4)], items);
        Assert.Equal(2, ValueFormatter.SplitArray(new byte[8], ValueType.UInt32, items));
        Assert.Equal(2, ValueFormatter.SplitArray([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 5, 19, 0, 0, 0], ValueType.Sid, items));
        Assert.Equal(0, ValueFormatter.SplitArray([], ValueType.String, items));
    }

    [Fact]
    public void HasSignature()
    {
        Assert.True(EvtxFile.HasSignature("ElfFile\0rest"u8));
        Assert.False(EvtxFile.HasSignature("ElfFile"u8));
        Assert.False(EvtxFile.HasSignature("ElfChnk\0"u8));
    }

    [Fact]
    public void Crc32MatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
}
