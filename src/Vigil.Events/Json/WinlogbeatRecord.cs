using System.Text;
using System.Text.Json;
using Vigil.Events.Model;

namespace Vigil.Events.Json;

/// <summary>
/// What one JSON record holds for the Winlogbeat mapping, read in one pass of a <see cref="Utf8JsonReader"/> (no
/// document built, no string made for a value the mapping does not read): the record's form, the first non-empty value
/// of each path the mapping reads, and the event and user data values in document order. Nested objects and dotted
/// keys give the same dotted paths (<c>"winlog": {"channel": ...}</c> and <c>"winlog.channel"</c>); an array's items
/// take the array's path. One instance a thread reads one record at a time.
/// </summary>
internal sealed class WinlogbeatRecord
{
    public const string EventDataPrefix = "winlog.event_data.";
    public const string UserDataPrefix = "winlog.user_data.";

    private static readonly string[] Paths =
    [
        "event.original", "message", "winlog.event_id", "event.code", "winlog.channel", "winlog.computer_name",
        "winlog.provider_name", "event.provider", "winlog.provider_guid", "winlog.version", "winlog.time_created",
        "winlog.record_id", "winlog.activity_id", "winlog.related_activity_id", "winlog.process.pid",
        "winlog.process.thread.id", "winlog.user.identifier", "@timestamp",
    ];

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> PathIndex =
        Paths.Select((path, index) => (path, index)).ToDictionary(p => p.path, p => p.index, StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic]
    private static WinlogbeatRecord? t_record;

    private readonly string?[] _values = new string?[Paths.Length];
    private readonly FieldNameCache _names = new();

    // The dotted path of the value being read; every open container's own path is a prefix of it.
    private char[] _path = new char[256];
    private Container[] _open = new Container[16];
    private int _depth;

    // Where the value after the last property name stands: its path's length, and where its last key begins.
    private int _valueLength;
    private int _valueNameStart;
    private TopKey _topKey;

    private enum TopKey
    {
        Other,
        Event,
        Winlog,
    }

    /// <summary>The calling thread's instance: its name cache outlives the records.</summary>
    public static WinlogbeatRecord ForThread => t_record ??= new WinlogbeatRecord();

    /// <summary>Whether the record is a JSON object.</summary>
    public bool IsObject { get; private set; }

    /// <summary>Whether the record's last top-level <c>Event</c> holds an object (evtx_dump's form, which comes first).</summary>
    public bool HasEventObject { get; private set; }

    /// <summary>Whether the record has a top-level <c>winlog</c> object or a <c>winlog.*</c> key.</summary>
    public bool HasWinlog { get; private set; }

    /// <summary>The values under <see cref="EventDataPrefix"/>, named by their last key (or what follows the prefix).</summary>
    public List<EventField> EventData { get; } = new(32);

    /// <summary>The values under <see cref="UserDataPrefix"/>, named alike; Winlogbeat's <c>xml_name</c> left out.</summary>
    public List<EventField> UserData { get; } = new(8);

    /// <summary>The first non-empty value at one of the paths the mapping reads (see <see cref="Paths"/>); null when none.</summary>
    public string? this[string path] => PathIndex.Dictionary.TryGetValue(path, out var index)
        ? _values[index]
        : throw new ArgumentException($"'{path}' is not a path the Winlogbeat mapping reads", nameof(path));

    /// <summary>
    /// Reads one record; throws <see cref="JsonException"/> when it is not one valid JSON value (nested deeper than
    /// <paramref name="maxDepth"/> included), as <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> would.
    /// With <paramref name="untilEventObject"/>, it stops at a top-level <c>Event</c> object, unchecked past it:
    /// evtx_dump's form, which a document is made for anyway.
    /// </summary>
    public void Read(ReadOnlySpan<byte> json, int maxDepth, bool untilEventObject)
    {
        Array.Clear(_values);
        EventData.Clear();
        UserData.Clear();
        IsObject = HasEventObject = HasWinlog = false;
        _depth = 0;
        _topKey = TopKey.Other;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
            MaxDepth = maxDepth,
        });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    Open(reader.TokenType == JsonTokenType.StartArray);
                    if (untilEventObject && HasEventObject)
                    {
                        return;
                    }

                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    _depth--;
                    break;
                case JsonTokenType.PropertyName:
                    Name(ref reader);
                    break;
                case JsonTokenType.Null:
                    TopValue(isObject: false);
                    break;
                default:
                    TopValue(isObject: false);
                    Leaf(ref reader);
                    break;
            }
        }
    }

    private void Open(bool isArray)
    {
        if (_depth == 0)
        {
            IsObject = !isArray;
        }

        TopValue(isObject: !isArray);
        var (length, nameStart) = ValuePosition();
        if (_depth == _open.Length)
        {
            Array.Resize(ref _open, _open.Length * 2);
        }

        _open[_depth++] = new Container(length, nameStart, isArray);
    }

    /// <summary>Notes what a top-level property's value says of the record's form.</summary>
    private void TopValue(bool isObject)
    {
        if (_depth != 1 || _open[0].IsArray)
        {
            return;
        }

        switch (_topKey)
        {
            case TopKey.Event:
                HasEventObject = isObject;
                break;
            case TopKey.Winlog when isObject:
                HasWinlog = true;
                break;
        }
    }

    private void Name(ref Utf8JsonReader reader)
    {
        var container = _open[_depth - 1];
        var start = container.PathLength == 0 ? 0 : container.PathLength + 1;

        // A name's characters are no more than its UTF-8 bytes, escaped or not.
        var room = start + reader.ValueSpan.Length;
        if (room > _path.Length)
        {
            Array.Resize(ref _path, Math.Max(room, _path.Length * 2));
        }

        if (start > 0)
        {
            _path[start - 1] = '.';
        }

        _valueLength = start + reader.CopyString(_path.AsSpan(start));
        _valueNameStart = start;
        if (_depth == 1)
        {
            var name = _path.AsSpan(0, _valueLength);
            _topKey = name.SequenceEqual("Event") ? TopKey.Event : name.SequenceEqual("winlog") ? TopKey.Winlog : TopKey.Other;
            HasWinlog |= name.StartsWith("winlog.", StringComparison.Ordinal);
        }
    }

    /// <summary>The path of the value the reader is at, and where its last key begins: an array item takes its array's.</summary>
    private (int Length, int NameStart) ValuePosition()
    {
        if (_depth == 0)
        {
            return (0, 0);
        }

        var container = _open[_depth - 1];
        return container.IsArray ? (container.PathLength, container.NameStart) : (_valueLength, _valueNameStart);
    }

    private void Leaf(ref Utf8JsonReader reader)
    {
        var (length, nameStart) = ValuePosition();
        var path = _path.AsSpan(0, length);
        if (path.StartsWith(EventDataPrefix, StringComparison.Ordinal))
        {
            Add(EventData, path[Math.Max(nameStart, EventDataPrefix.Length)..], ref reader);
        }
        else if (path.StartsWith(UserDataPrefix, StringComparison.Ordinal))
        {
            var name = path[Math.Max(nameStart, UserDataPrefix.Length)..];
            if (!name.SequenceEqual("xml_name"))
            {
                Add(UserData, name, ref reader);
            }
        }
        else if (PathIndex.TryGetValue(path, out var index) && _values[index] is null && Scalar(ref reader) is { Length: > 0 } text)
        {
            _values[index] = text;
        }
    }

    /// <summary>Splunk keeps no empty field values, so an empty value (or name) is no field.</summary>
    private void Add(List<EventField> fields, ReadOnlySpan<char> name, ref Utf8JsonReader reader)
    {
        if (!name.IsEmpty && Scalar(ref reader) is { Length: > 0 } value)
        {
            fields.Add(new EventField(_names.Get(name), value));
        }
    }

    /// <summary>A scalar as text, as <see cref="JsonValues.Scalar"/> gives it: strings unescaped, numbers as written.</summary>
    private static string Scalar(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.True => "true",
        _ => "false",
    };

    private readonly record struct Container(int PathLength, int NameStart, bool IsArray);
}
