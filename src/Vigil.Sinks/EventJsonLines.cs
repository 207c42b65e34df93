using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>
/// Writes events as JSON lines (<c>vigil export</c>). Made with the constructor, a line holds what the reader gave the
/// event and nothing more (<c>--fields raw</c>): the same text as writing the row <c>EventRows.FromEvent</c> makes
/// (fields in first-seen order, a name seen again an array, <c>_time</c> first, then <c>_raw</c>, <c>sourcetype</c>,
/// <c>source</c> and <c>host</c> set over any field of their name), but straight from the event to UTF-8, without the
/// row. Made with <see cref="OfRows"/>, a line is the row a given function makes of the event (<c>--fields all</c>:
/// with the add-ons' fields), made on the thread that formats it. Events are formatted in batches, on the thread pool
/// when more than one thread may format, and written in the order they came: formatting (and making the rows) was
/// most of the thread that wrote, the one an export waits on, while the reader's threads decode. A batch ends at 256
/// events or about a million characters of values, and at most one batch per thread is formatting, so memory stays
/// that of a few batches. Lines go out in blocks, to the writer's stream when it is a UTF-8 one. Once a batch has
/// failed, nothing after it is written.
/// </summary>
public sealed class EventJsonLines : IDisposable
{
    private const int BlockSize = 1 << 16;
    private const int BatchEvents = 256;
    private const long BatchChars = 1 << 20;

    // Blocks and the character buffer grow to the largest batch: one grown past this is let go rather than kept.
    private const int KeptBufferBytes = 2 << 20;

    private readonly TextWriter _writer;
    private readonly Stream? _stream;
    private readonly bool _includeRaw;
    private readonly int _threads;
    private readonly Func<ILineFormatter> _newFormatter;

    // Batches formatted (on the pool, or here with one thread), at most one per thread in flight, written out in order.
    private readonly Queue<Task<ArrayBufferWriter<byte>>> _inFlight = new();
    private readonly ConcurrentBag<ILineFormatter> _formatters = [];
    private readonly ConcurrentBag<ArrayBufferWriter<byte>> _blocks = [];
    private List<WinEvent> _batch = new(BatchEvents);
    private long _batchChars;
    private bool _failed;
    private char[] _chars = [];

    /// <param name="writer">Where the lines go.</param>
    /// <param name="includeRaw">Whether <c>_raw</c> is written.</param>
    /// <param name="threads">Threads that may format at once (1: all on the calling thread).</param>
    public EventJsonLines(TextWriter writer, bool includeRaw, int threads = 1)
        : this(writer, includeRaw, threads, () => new Formatter(includeRaw))
    {
    }

    private EventJsonLines(TextWriter writer, bool includeRaw, int threads, Func<ILineFormatter> newFormatter)
    {
        _writer = writer;
        _includeRaw = includeRaw;
        _threads = Math.Max(1, threads);
        _newFormatter = newFormatter;

        // A UTF-8 stream writer without a preamble takes the bytes as they are: no round trip through UTF-16.
        if (writer is StreamWriter { Encoding.CodePage: 65001 } streamWriter && streamWriter.Encoding.Preamble.Length == 0)
        {
            streamWriter.Flush();
            _stream = streamWriter.BaseStream;
        }
    }

    /// <summary>Lines of the rows <paramref name="newRowMaker"/>'s functions make of the events, <c>_time</c> first as ISO-8601 UTC text.</summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="includeRaw">Whether <c>_raw</c> is written.</param>
    /// <param name="threads">Threads that may format at once (1: all on the calling thread).</param>
    /// <param name="newRowMaker">
    /// Makes the function that makes an event's row, once for each thread that formats: a function is called from one
    /// thread at a time, so it may keep what must not be shared across threads.
    /// </param>
    public static EventJsonLines OfRows(TextWriter writer, bool includeRaw, int threads, Func<Func<WinEvent, Row>> newRowMaker) =>
        new(writer, includeRaw, threads, () => new RowLineFormatter(newRowMaker(), includeRaw));

    public void Write(WinEvent winEvent)
    {
        _batch.Add(winEvent);
        _batchChars += CharsOf(winEvent);
        if (_batch.Count == BatchEvents || _batchChars >= BatchChars)
        {
            Dispatch();
        }
    }

    /// <summary>Writes out what is buffered (every batch given so far, formatted; none once one has failed).</summary>
    public void Flush()
    {
        if (_failed)
        {
            return;
        }

        Dispatch();
        while (_inFlight.Count > 0)
        {
            WriteOldest();
        }

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
        try
        {
            Flush();
        }
        finally
        {
            // After a failure the batches still formatting are waited for, their outcome dropped: the failure that
            // stopped the writing is the one reported.
            foreach (var task in _inFlight)
            {
                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (Exception e) when (_failed && e is not OutOfMemoryException)
                {
                    // Already failed; this batch's lines were never going to be written.
                }
            }

            _inFlight.Clear();
            foreach (var formatter in _formatters)
            {
                formatter.Dispose();
            }
        }
    }

    private long CharsOf(WinEvent winEvent)
    {
        long chars = _includeRaw ? winEvent.Raw.Length : 0;
        foreach (var field in winEvent.Fields)
        {
            chars += field.Value.Length;
        }

        return chars;
    }

    private void Dispatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var batch = _batch;
        _batch = new List<WinEvent>(BatchEvents);
        _batchChars = 0;
        if (_threads == 1)
        {
            // On this thread; a failure is kept in the task, to be met in order as a pool batch's would be.
            var formatted = new Task<ArrayBufferWriter<byte>>(() => FormatBatch(batch));
            formatted.RunSynchronously();
            _inFlight.Enqueue(formatted);
        }
        else
        {
            _inFlight.Enqueue(Task.Run(() => FormatBatch(batch)));
        }

        while (_inFlight.Count > _threads)
        {
            WriteOldest();
        }
    }

    private ArrayBufferWriter<byte> FormatBatch(List<WinEvent> batch)
    {
        var formatter = _formatters.TryTake(out var kept) ? kept : _newFormatter();
        var block = _blocks.TryTake(out var free) ? free : new ArrayBufferWriter<byte>(2 * BlockSize);
        try
        {
            foreach (var winEvent in batch)
            {
                formatter.Format(winEvent, block);
            }

            return block;
        }
        finally
        {
            _formatters.Add(formatter);
        }
    }

    private void WriteOldest()
    {
        try
        {
            // A batch that failed fails the export here, in order, with its own exception.
            var block = _inFlight.Dequeue().GetAwaiter().GetResult();
            Emit(block.WrittenSpan);
            if (block.Capacity <= KeptBufferBytes)
            {
                block.ResetWrittenCount();
                _blocks.Add(block);
            }
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(bytes);
            return;
        }

        int most = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        var chars = _chars.Length >= most ? _chars
            : most * sizeof(char) > KeptBufferBytes ? new char[most]
            : _chars = new char[most];
        _writer.Write(chars, 0, Encoding.UTF8.GetChars(bytes, chars));
    }

    /// <summary>
    /// Formats events one at a time, on one thread. An event's layout (which field goes to which property, which of
    /// them are arrays, where _time, _raw, sourcetype, source and host stand) depends only on its field names, and one
    /// kind of event has the same names every time: the layout is worked out once per sequence of names and reused, so
    /// an event costs its values and a hash of its names, not a dictionary of them.
    /// </summary>
    private sealed class Formatter : ILineFormatter
    {
        // As the row writer escapes: every character as is but those JSON must escape.
        private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        // Bounded: input whose names differ from event to event (hostile input) cannot grow them.
        private const int MaxLayouts = 1024;
        private const int MaxNames = 4096;

        private readonly bool _includeRaw;
        private readonly Utf8JsonWriter _json;
        private readonly RelaxedJsonText _text = new();
        private readonly Dictionary<int, Layout> _layouts = [];
        private readonly Dictionary<string, JsonEncodedText> _names = new(StringComparer.Ordinal);

        public Formatter(bool includeRaw)
        {
            _includeRaw = includeRaw;
            _json = new Utf8JsonWriter(Stream.Null, JsonOptions);
        }

        public void Format(WinEvent winEvent, IBufferWriter<byte> output)
        {
            // Readers make the fields an array or a list: walked as a span, with no enumerator or interface call per field.
            ReadOnlySpan<EventField> fields = winEvent.Fields switch
            {
                EventField[] array => array,
                List<EventField> list => CollectionsMarshal.AsSpan(list),
                var other => [.. other],
            };
            var layout = LayoutOf(fields, winEvent.Time is not null, winEvent.Metadata.Host is not null);
            _json.Reset(output);
            _json.WriteStartObject();
            if (layout.HasTimeSlot)
            {
                // The row writer gives _time as text: the event's time, or nothing when only a field of that name stands there.
                Span<char> text = stackalloc char[32];
                _json.WriteString("_time", winEvent.Time is { } t && t.TryFormat(text, out int n) ? text[..n] : []);
            }

            var slots = layout.Slots;
            for (var i = 0; i < slots.Length; i++)
            {
                ref readonly var slot = ref slots[i];
                switch (slot.Source)
                {
                    case SlotSource.Time:
                        continue;
                    case SlotSource.Raw:
                        if (_includeRaw)
                        {
                            _text.WriteString(_json, slot.Name, winEvent.Raw);
                        }

                        continue;
                    case SlotSource.Sourcetype:
                        _json.WriteString(slot.Name, winEvent.Metadata.Sourcetype);
                        continue;
                    case SlotSource.Source:
                        _json.WriteString(slot.Name, winEvent.Metadata.Source);
                        continue;
                    case SlotSource.Host:
                        _json.WriteString(slot.Name, winEvent.Metadata.Host);
                        continue;
                }

                if (slot.Fields.Length == 1)
                {
                    _text.WriteString(_json, slot.Name, fields[slot.Fields[0]].Value);
                    continue;
                }

                _json.WriteStartArray(slot.Name);
                foreach (var field in slot.Fields)
                {
                    _text.WriteStringValue(_json, fields[field].Value);
                }

                _json.WriteEndArray();
            }

            _json.WriteEndObject();
            _json.Flush();
            output.Write("\n"u8);
        }

        public void Dispose() => _json.Dispose();

        private Layout LayoutOf(ReadOnlySpan<EventField> fields, bool hasTime, bool hasHost)
        {
            var hash = new HashCode();
            hash.Add(hasTime);
            hash.Add(hasHost);
            foreach (ref readonly var field in fields)
            {
                hash.Add(string.GetHashCode(field.Name.AsSpan()));
            }

            var key = hash.ToHashCode();
            if (_layouts.TryGetValue(key, out var known) && known.Fits(fields, hasTime, hasHost))
            {
                return known;
            }

            if (_layouts.Count >= MaxLayouts)
            {
                _layouts.Clear();
            }

            return _layouts[key] = Build(fields, hasTime, hasHost);
        }

        /// <summary>The row's properties in its order: as <c>EventRows.FromEvent</c> sets them, later values over earlier ones in place.</summary>
        private Layout Build(ReadOnlySpan<EventField> fields, bool hasTime, bool hasHost)
        {
            var names = new string[fields.Length];
            var slotOf = new Dictionary<string, int>(StringComparer.Ordinal);
            var slots = new List<(string Name, SlotSource Source, List<int> Fields)>();
            for (var i = 0; i < fields.Length; i++)
            {
                names[i] = fields[i].Name;
                if (slotOf.TryGetValue(fields[i].Name, out var at))
                {
                    slots[at].Fields.Add(i);
                }
                else
                {
                    slotOf[fields[i].Name] = slots.Count;
                    slots.Add((fields[i].Name, SlotSource.Fields, [i]));
                }
            }

            void Set(string name, SlotSource source)
            {
                if (slotOf.TryGetValue(name, out var at))
                {
                    slots[at] = (name, source, []);
                }
                else
                {
                    slotOf[name] = slots.Count;
                    slots.Add((name, source, []));
                }
            }

            // A field named _time stands where it is, written first, empty when the event has no time.
            if (hasTime)
            {
                Set("_time", SlotSource.Time);
            }
            else if (slotOf.TryGetValue("_time", out var time))
            {
                slots[time] = ("_time", SlotSource.Time, []);
            }

            Set("_raw", SlotSource.Raw);
            Set("sourcetype", SlotSource.Sourcetype);
            Set("source", SlotSource.Source);
            if (hasHost)
            {
                Set("host", SlotSource.Host);
            }

            return new Layout(
                names,
                hasTime,
                hasHost,
                slotOf.ContainsKey("_time"),
                [.. slots.Select(s => new LayoutSlot(Encoded(s.Name), s.Source, [.. s.Fields]))]);
        }

        private JsonEncodedText Encoded(string name)
        {
            if (!_names.TryGetValue(name, out JsonEncodedText encoded))
            {
                encoded = JsonEncodedText.Encode(name, JsonOptions.Encoder);
                if (_names.Count < MaxNames)
                {
                    _names[name] = encoded;
                }
            }

            return encoded;
        }
    }

    /// <summary>Where a property's value comes from: the fields of its name, or the event itself.</summary>
    internal enum SlotSource : byte
    {
        Fields,
        Time,
        Raw,
        Sourcetype,
        Source,
        Host,
    }

    /// <summary>A property of the line: its name, where its value comes from, and the fields that make it (several: an array).</summary>
    internal readonly record struct LayoutSlot(JsonEncodedText Name, SlotSource Source, int[] Fields);

    /// <summary>The properties of the lines of events with these field names, time and host.</summary>
    internal sealed class Layout(string[] names, bool hasTime, bool hasHost, bool hasTimeSlot, LayoutSlot[] slots)
    {
        public bool HasTimeSlot => hasTimeSlot;

        public LayoutSlot[] Slots => slots;

        public bool Fits(ReadOnlySpan<EventField> fields, bool time, bool host)
        {
            if (fields.Length != names.Length || time != hasTime || host != hasHost)
            {
                return false;
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (!string.Equals(fields[i].Name, names[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
