using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Model;

namespace Vigil.Sinks;

/// <summary>
/// Formats events one at a time, on one thread. An event's layout (which field goes to which property, which of
/// them are arrays, where _time, _raw, sourcetype, source and host stand) depends only on its field names, and one
/// kind of event has the same names every time: the layout is worked out once per sequence of names and reused, so
/// an event costs its values and a hash of its names, not a dictionary of them.
/// </summary>
internal sealed class RawJsonLineFormatter : ILineFormatter
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

    public RawJsonLineFormatter(bool includeRaw)
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
