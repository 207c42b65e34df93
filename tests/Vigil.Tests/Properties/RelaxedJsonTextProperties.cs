using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using Vigil.Sinks;

namespace Vigil.Tests.Properties;

/// <summary>
/// <see cref="RelaxedJsonText"/> escapes printable ASCII holding backslashes or quotes itself: its lines must be the
/// bytes <see cref="Utf8JsonWriter"/> with the relaxed encoder writes for every string, as a property and in an array,
/// the escaped ones and those it leaves to the writer.
/// </summary>
public sealed class RelaxedJsonTextProperties
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Characters near every boundary the shortcut tests: the two it escapes, the ends of printable ASCII, controls,
    // HTML-sensitive ones (not escaped by the relaxed encoder), non-ASCII and a lone surrogate.
    private static readonly Gen<char> Character = Gen.OneOf(
        Gen.Const('\\'), Gen.Const('"'), Gen.Const(' '), Gen.Const('~'), Gen.Const('\u007f'), Gen.Const('\u001f'),
        Gen.Const('\n'), Gen.Const('<'), Gen.Const('&'), Gen.Const('\''), Gen.Const('`'), Gen.Const('+'),
        Gen.Const('é'), Gen.Const('\ud800'), Gen.Char['a', 'z'], Gen.Char[' ', '~']);

    private static readonly Gen<string> Text = Gen.OneOf(
        Character.Array[0, 40].Select(c => new string(c)),
        Gen.Char[' ', '~'].Array[0, 600].Select(c => new string(c)),
        Gen.String[0, 40]);

    [Fact]
    public void Strings_are_written_as_the_relaxed_writer_writes_them()
    {
        Text.List[1, 6].Sample(values =>
        {
            Assert.Equal(Written(values, own: false), Written(values, own: true));
        }, iter: 5000, threads: 1);
    }

    [Fact]
    public void A_path_is_escaped_by_the_shortcut_and_other_text_is_left_to_the_writer()
    {
        var text = new RelaxedJsonText();
        Assert.True(text.TryQuote(@"C:\Windows\System32\cmd.exe /c ""x""", out var quoted));
        Assert.Equal(@"""C:\\Windows\\System32\\cmd.exe /c \""x\""""", System.Text.Encoding.ASCII.GetString(quoted));
        Assert.False(text.TryQuote("no escapes", out _));
        Assert.False(text.TryQuote("C:\\é", out _));
        Assert.False(text.TryQuote("a\\\tb", out _));
    }

    private static string Written(List<string> values, bool own)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var text = new RelaxedJsonText();
        var name = JsonEncodedText.Encode("n", Options.Encoder);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            foreach (var value in values)
            {
                if (own)
                {
                    text.WriteString(json, name, value);
                }
                else
                {
                    json.WriteString(name, value);
                }
            }

            json.WriteStartArray("a");
            foreach (var value in values)
            {
                if (own)
                {
                    text.WriteStringValue(json, value);
                }
                else
                {
                    json.WriteStringValue(value);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Convert.ToHexString(buffer.WrittenSpan);
    }
}
