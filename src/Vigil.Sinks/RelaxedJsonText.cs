using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Vigil.Sinks;

/// <summary>
/// Writes strings as <see cref="Utf8JsonWriter"/> does with <see cref="System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>,
/// the same bytes, but escapes printable ASCII text holding a backslash or a quote itself. Windows paths are most of an
/// event's values and hold backslashes; the writer sends every such string through its general encoder, a character at
/// a time, which was about an eighth of <c>vigil export</c>'s time. Printable ASCII (U+0020 to U+007E) needs only
/// <c>\</c> and <c>"</c> escaped under that encoder, each by a backslash before it. Other text is the writer's to escape.
/// One instance a thread: it keeps a buffer.
/// </summary>
internal sealed class RelaxedJsonText
{
    private static readonly SearchValues<char> Escaped = SearchValues.Create("\\\"");

    private byte[] _buffer = new byte[256];

    public void WriteString(Utf8JsonWriter json, JsonEncodedText name, string value)
    {
        json.WritePropertyName(name);
        WriteStringValue(json, value);
    }

    public void WriteString(Utf8JsonWriter json, string name, string value)
    {
        json.WritePropertyName(name);
        WriteStringValue(json, value);
    }

    public void WriteStringValue(Utf8JsonWriter json, string value)
    {
        if (TryQuote(value, out var quoted))
        {
            json.WriteRawValue(quoted, skipInputValidation: true);
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    /// <summary>
    /// The value as a quoted, escaped JSON string, when it is printable ASCII holding a backslash or a quote; false for
    /// any other value (one with nothing to escape the writer copies as fast). The bytes last until the next call.
    /// </summary>
    internal bool TryQuote(string value, out ReadOnlySpan<byte> quoted)
    {
        quoted = default;
        var text = value.AsSpan();
        var next = text.IndexOfAny(Escaped);
        if (next < 0 || text.ContainsAnyExceptInRange(' ', '~'))
        {
            return false;
        }

        // At most every character escaped, and the quotes.
        var most = (2 * text.Length) + 2;
        if (_buffer.Length < most)
        {
            _buffer = new byte[Math.Max(most, 2 * _buffer.Length)];
        }

        var output = _buffer.AsSpan();
        output[0] = (byte)'"';
        var written = 1;
        while (next >= 0)
        {
            written += Encoding.ASCII.GetBytes(text[..next], output[written..]);
            output[written++] = (byte)'\\';
            output[written++] = (byte)text[next];
            text = text[(next + 1)..];
            next = text.IndexOfAny(Escaped);
        }

        written += Encoding.ASCII.GetBytes(text, output[written..]);
        output[written++] = (byte)'"';
        quoted = output[..written];
        return true;
    }
}
