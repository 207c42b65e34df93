using System.Text.Json;
using CsCheck;
using Vigil.Events.Json;
using Vigil.Events.Model;

namespace Vigil.Tests.Properties;

/// <summary>
/// A Winlogbeat record is read in one pass of a JSON reader, its paths built as it goes. Over random records (nested
/// objects and dotted keys for the same paths, repeated keys, arrays, escaped names, numbers as written, empty values,
/// <c>xml_name</c>, some records cut short), the event equals what the reference reading below gives: the record parsed
/// into a document, flattened to every scalar's dotted path, and mapped as docs/json-inputs.md says. A record that is
/// not valid JSON is not valid JSON to both, on the same line.
/// </summary>
public sealed class WinlogbeatReadingProperties
{
    private static readonly string[] TopKeys =
    [
        "winlog", "winlog", "winlog", "winlog.channel", "winlog.event_data", "winlog.event_data.Image", "winlog.user_data",
        "winlog.event_id", "winlog.process", "event", "event.code", "event.original", "message", "@timestamp", "host", "",
    ];

    private static readonly string[] InnerKeys =
    [
        "channel", "event_id", "event_data", "event_data", "user_data", "computer_name", "provider_name", "record_id",
        "process", "pid", "thread", "id", "time_created", "Image", "B.C", "xml_name", "Esc\\u0041ped", "", "code", "provider",
    ];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.OneOf("\"\"", "\"a\"", "\"C:\\\\Windows\\\\notepad.exe\"", "\"l\\u00e9\\n2\"", "\"4688\"", "\"Security\"", "\"2020-10-27T20:00:14.3242341Z\"", "\"not a time\""),
        Gen.OneOf("1.50", "-0", "1e3", "42", "true", "false", "null"));

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, value) => depth >= 4
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (2, value.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (3, Gen.Select(Gen.OneOf(InnerKeys), value).Array[0, 5].Select(Members))));

    private static readonly Gen<string> Record = Gen.Select(Gen.OneOf(TopKeys), Value).Array[1, 8].Select(Members);

    [Fact]
    public void A_record_reads_as_its_flattened_document_maps()
    {
        Gen.Select(Record, Gen.Int[0, 9], Gen.Int[0, 1000]).Sample((record, cutWhich, cutWhere) =>
        {
            // Some records cut short; a line end in some, so that a problem's line is checked.
            var text = record.Replace(",\"", cutWhere % 5 == 0 ? ",\n\"" : ",\"", StringComparison.Ordinal);
            if (cutWhich == 0)
            {
                text = text[..(cutWhere % text.Length)];
            }

            var expected = Reference(text);
            var ok = JsonEventParser.TryParse(text, new LineOrigin("p", 1), out var parsed, out var error);
            Assert.Equal(expected.Reason is null, ok);
            if (!ok)
            {
                Assert.StartsWith(expected.Reason!, error.Reason, StringComparison.Ordinal);
                Assert.Equal(expected.Line, error.LineOffset);
                return;
            }

            Assert.Equal(expected.Fields, parsed!.Fields);
            Assert.Equal(expected.Channel, parsed.Channel);
            Assert.Equal(expected.Computer, parsed.Computer);
        }, iter: 3000);
    }

    [Theory]
    [InlineData("{\"Event\":{\"System\":{}},\"winlog\":{\"channel\":\"A\"},\"Event\":1}", "A")]
    [InlineData("{\"Event\":1,\"winlog\":{\"channel\":\"A\"},\"Event\":{\"System\":{\"Channel\":\"B\"}}}", "B")]
    public void The_last_top_level_Event_says_whether_a_record_is_evtx_dump_output(string record, string channel)
    {
        // The last of a repeated name is the one a document gives, so an Event object followed by an Event that is not
        // an object leaves a Winlogbeat record, and the reverse an evtx_dump one.
        Assert.True(JsonEventParser.TryParse(record, new LineOrigin("p", 1), out var parsed, out var error), error.Reason);
        Assert.Equal(channel, parsed!.Channel);
    }

    private static string Members(IEnumerable<(string Name, string Value)> members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.Value}")) + "}";

    private sealed record Expected(string? Reason, long Line, List<EventField>? Fields, string? Channel, string? Computer);

    /// <summary>The reading the one-pass reader must equal: a document, every scalar's dotted path, then the mapping.</summary>
    private static Expected Reference(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return new Expected("not valid JSON", e.LineNumber ?? 0, null, null, null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Expected("valid JSON but not a Windows event: a record must be", 0, null, null, null);
            }

            if (!root.EnumerateObject().Any(p => (p.Name == "winlog" && p.Value.ValueKind == JsonValueKind.Object) || p.Name.StartsWith("winlog.", StringComparison.Ordinal)))
            {
                return new Expected("valid JSON but not a Windows event: neither", 0, null, null, null);
            }

            var leaves = new List<(string Path, int NameStart, string? Value)>();
            Flatten(root, string.Empty, 0, leaves);
            var first = new Dictionary<string, string>();
            foreach (var (path, _, value) in leaves.Where(l => !string.IsNullOrEmpty(l.Value)))
            {
                first.TryAdd(path, value!);
            }

            string? Get(string path) => first.GetValueOrDefault(path);
            var fields = new List<EventField>();
            void Add(string name, string? value)
            {
                if (!string.IsNullOrEmpty(value) && name.Length > 0)
                {
                    fields.Add(new EventField(name, value));
                }
            }

            var code = Get("winlog.event_id") ?? Get("event.code");
            Add("Name", Get("winlog.provider_name") ?? Get("event.provider"));
            Add("Guid", Get("winlog.provider_guid"));
            Add("EventCode", code);
            Add("EventID", code);
            Add("Version", Get("winlog.version"));
            Add("SystemTime", Get("winlog.time_created"));
            Add("EventRecordID", Get("winlog.record_id"));
            Add("RecordNumber", Get("winlog.record_id"));
            Add("ActivityID", Get("winlog.activity_id"));
            Add("RelatedActivityID", Get("winlog.related_activity_id"));
            Add("ProcessID", Get("winlog.process.pid"));
            Add("ThreadID", Get("winlog.process.thread.id"));
            Add("Channel", Get("winlog.channel"));
            Add("Computer", Get("winlog.computer_name"));
            Add("UserID", Get("winlog.user.identifier"));
            foreach (var prefix in new[] { "winlog.event_data.", "winlog.user_data." })
            {
                foreach (var (path, nameStart, value) in leaves.Where(l => l.Path.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    var name = path[Math.Max(nameStart, prefix.Length)..];
                    if (prefix == "winlog.event_data." || name != "xml_name")
                    {
                        Add(name, value);
                    }
                }
            }

            Add("Message", Get("message"));
            var (timeName, time) = Get("winlog.time_created") is { } created ? ("winlog.time_created", created) : ("@timestamp", Get("@timestamp"));
            return time is null || EventTime.TryParseSystemTime(time, out _)
                ? new Expected(null, 0, fields, Get("winlog.channel"), Get("winlog.computer_name"))
                : new Expected($"{timeName} '{time}' is not a valid time", 0, null, null, null);
        }
    }

    private static void Flatten(JsonElement element, string path, int nameStart, List<(string Path, int NameStart, string? Value)> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, path.Length == 0 ? 0 : path.Length + 1, leaves);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, path, nameStart, leaves);
                }

                break;
            case JsonValueKind.Null:
                break;
            default:
                leaves.Add((path, nameStart, element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.Number => element.GetRawText(),
                    JsonValueKind.True => "true",
                    _ => "false",
                }));
                break;
        }
    }
}
