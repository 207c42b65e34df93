using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Model;

namespace Vigil.Sinks;

/// <summary>
/// Writes events as JSON lines with what the reader gave them and nothing more (<c>vigil export --fields raw</c>):
/// the same text as writing the row <c>EventRows.FromEvent</c> makes (fields in first-seen order, a name seen again an
/// array, <c>_time</c> first, then <c>_raw</c>, <c>sourcetype</c>, <c>source</c> and <c>host</c> set over any field of
/// their name), but straight from the event to UTF-8, without the row: export spends its time here, on one thread,
/// while the reader's threads decode. Lines go out in blocks, to the writer's stream when it is a UTF-8 one.
/// </summary>
public sealed class EventJsonLines : IDisposable
{
    private const int BlockSize = 1 << 16;

    // As the row writer escapes: every character as is but those JSON must escape.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _writer;
    private readonly Stream? _stream;
    private readonly bool _includeRaw;
    private readonly ArrayBufferWriter<byte> _buffer = new(2 * BlockSize);
    private readonly Utf8JsonWriter _json;
    private readonly List<Slot> _slots = new(64);
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);

    // Field names repeat from event to event: each is escaped and encoded once (bounded: hostile input cannot grow it).
    private readonly Dictionary<string, JsonEncodedText> _names = new(StringComparer.Ordinal);
    private char[] _chars = [];

    public EventJsonLines(TextWriter writer, bool includeRaw)
    {
        _writer = writer;
        _includeRaw = includeRaw;
        _json = new Utf8JsonWriter(_buffer, JsonOptions);

        // A UTF-8 stream writer without a preamble takes the bytes as they are: no round trip through UTF-16.
        if (writer is StreamWriter { Encoding.CodePage: 65001 } streamWriter && streamWriter.Encoding.Preamble.Length == 0)
        {
            streamWriter.Flush();
            _stream = streamWriter.BaseStream;
        }
    }

    public void Write(WinEvent winEvent)
    {
        Collect(winEvent);
        _json.Reset(_buffer);
        _json.WriteStartObject();
        if (_slotOf.TryGetValue("_time", out int time))
        {
            // The row writer gives _time as text: the event's time, or nothing when a field of that name stands there.
            Span<char> text = stackalloc char[32];
            _json.WriteString("_time", _slots[time].Time is { } t && t.TryFormat(text, out int n)
                ? text[..n]
                : []);
        }

        foreach (Slot slot in CollectionsMarshal.AsSpan(_slots))
        {
            if (slot.Name == "_time" || (!_includeRaw && slot.Name == "_raw"))
            {
                continue;
            }

            JsonEncodedText name = Encoded(slot.Name);
            if (slot.Many is { } many)
            {
                _json.WriteStartArray(name);
                foreach (string value in many)
                {
                    _json.WriteStringValue(value);
                }

                _json.WriteEndArray();
            }
            else
            {
                _json.WriteString(name, slot.Single);
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        if (_buffer.WrittenCount >= BlockSize)
        {
            Emit();
        }
    }

    /// <summary>Writes out what is buffered.</summary>
    public void Flush()
    {
        Emit();
        if (_stream is not null)
        {
            _stream.Flush();
        }
        else
        {
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        Flush();
        _json.Dispose();
    }

    /// <summary>The row's fields, in its order: as <c>EventRows.FromEvent</c> sets them, later values over earlier ones in place.</summary>
    private void Collect(WinEvent winEvent)
    {
        _slots.Clear();
        _slotOf.Clear();
        // Readers make the fields an array or a list: walked as a span, with no enumerator or interface call per field.
        ReadOnlySpan<EventField> span = winEvent.Fields switch
        {
            EventField[] array => array,
            List<EventField> list => CollectionsMarshal.AsSpan(list),
            var other => [.. other],
        };
        foreach (EventField field in span)
        {
            if (_slotOf.TryGetValue(field.Name, out int at))
            {
                Slot slot = _slots[at];
                if (slot.Many is { } many)
                {
                    many.Add(field.Value);
                }
                else
                {
                    _slots[at] = slot with { Many = [slot.Single, field.Value] };
                }
            }
            else
            {
                _slotOf[field.Name] = _slots.Count;
                _slots.Add(new Slot(field.Name, field.Value));
            }
        }

        if (winEvent.Time is { } time)
        {
            Set(new Slot("_time", string.Empty) { Time = time });
        }

        Set(new Slot("_raw", winEvent.Raw));
        Set(new Slot("sourcetype", winEvent.Metadata.Sourcetype));
        Set(new Slot("source", winEvent.Metadata.Source));
        if (winEvent.Metadata.Host is { } host)
        {
            Set(new Slot("host", host));
        }
    }

    private void Set(Slot slot)
    {
        if (_slotOf.TryGetValue(slot.Name, out int at))
        {
            _slots[at] = slot;
        }
        else
        {
            _slotOf[slot.Name] = _slots.Count;
            _slots.Add(slot);
        }
    }

    private JsonEncodedText Encoded(string name)
    {
        if (!_names.TryGetValue(name, out JsonEncodedText encoded))
        {
            encoded = JsonEncodedText.Encode(name, JsonOptions.Encoder);
            if (_names.Count < 4096)
            {
                _names[name] = encoded;
            }
        }

        return encoded;
    }

    private void Emit()
    {
        ReadOnlySpan<byte> bytes = _buffer.WrittenSpan;
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(bytes);
        }
        else
        {
            int most = Encoding.UTF8.GetMaxCharCount(bytes.Length);
            if (_chars.Length < most)
            {
                _chars = new char[most];
            }

            _writer.Write(_chars, 0, Encoding.UTF8.GetChars(bytes, _chars));
        }

        _buffer.ResetWrittenCount();
    }

    /// <summary>One field of the row: a single value, several (a name seen again), or the event's time.</summary>
    private readonly record struct Slot(string Name, string Single)
    {
        public List<string>? Many { get; init; }

        public EventTime? Time { get; init; }
    }
}
