using System.Runtime.CompilerServices;
using CsCheck;
using Vigil.Spl.Values;

namespace Vigil.Tests.Properties;

/// <summary>
/// <see cref="Value"/> packs its kind into its reference and a text's number state into NaN patterns of its number
/// slot: whatever it is made from, it must give back its kind, its text and the number a text reads as, exactly as the
/// text's own parse does.
/// </summary>
public sealed class ValueProperties
{
    // Texts a number may or may not be read from: digits, signs, points, exponents, spaces, hex, the names .NET's parser
    // knows, and text no number starts with.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf("", "-", "+", ".", " ", "0", "-0", "007", "4624", "123456789012345", "1234567890123456", " 12", "12 ", "1e5",
            "1e400", "-1.5", ".5", "0x3e7", "0x8020000000000000", "NaN", "-NaN", "Infinity", "-Infinity", "∞", "S-1-5-18", "é"),
        Gen.Char["0123456789+-.e x"].Array[0, 20].Select(chars => new string(chars)));

    [Fact]
    public void A_value_is_sixteen_bytes()
    {
        Assert.Equal(16, Unsafe.SizeOf<Value>());
    }

    [Fact]
    public void A_text_reads_as_the_number_its_own_parse_gives()
    {
        Text.Sample(text =>
        {
            var value = Value.FromString(text);
            Assert.Equal(ValueKind.Text, value.Kind);
            Assert.False(value.IsNull);
            Assert.Equal(text, value.ToString());
            Assert.Equal(text, value.FirstText);
            var parsed = Value.TryParseNumber(text, out var expected);
            Assert.Equal(parsed, value.TryGetNumber(out var number));
            if (parsed)
            {
                Assert.Equal(expected, number);
            }

            Assert.Equal(value, Value.FromString(new string(text.AsSpan())));
            Assert.NotEqual(value, Value.FromString(text + "x"));
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Numbers_times_and_booleans_keep_their_kind_and_bits()
    {
        Gen.Double.Sample(d =>
        {
            var number = Value.FromNumber(d);
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                Assert.True(number.IsNull);
                return;
            }

            Assert.Equal(ValueKind.Number, number.Kind);
            Assert.True(number.TryGetNumber(out var back));
            Assert.Equal(d, back);
            Assert.Equal(number, Value.FromNumber(d));
        }, iter: 2000, threads: 1);

        Gen.Long[-(1L << 55), 1L << 55].Sample(ticks =>
        {
            var time = Value.FromTime(new Timestamp(ticks));
            Assert.Equal(ValueKind.Time, time.Kind);
            Assert.Equal(ticks, time.AsTime.UnixTicks);
        }, iter: 500, threads: 1);

        Assert.Equal(ValueKind.Boolean, Value.True.Kind);
        Assert.Equal(ValueKind.Boolean, Value.False.Kind);
        Assert.True(Value.True.AsBoolean);
        Assert.False(Value.False.AsBoolean);
        Assert.NotEqual(Value.True, Value.False);
        Assert.Equal(ValueKind.Null, default(Value).Kind);
        Assert.True(default(Value).IsNull);
        Assert.Equal(ValueKind.Number, Value.FromNumber(0).Kind);
        Assert.NotEqual(Value.FromNumber(0), Value.FromString("0"));
        Assert.Equal(ValueKind.Multi, Value.FromMany(["a", "b"]).Kind);
        Assert.Equal(["a", "b"], Value.FromMany(["a", "b"]).Values);
    }
}
