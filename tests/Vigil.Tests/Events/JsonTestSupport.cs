using Vigil.Events.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Events.Xml;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

/// <summary>Opening and reading JSON files as the input catalog will, and comparing events field by field.</summary>
internal static class JsonTestSupport
{
    public static readonly DateTime T0 = new DateTime(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc).AddTicks(3253836);

    public static JsonFileSource Open(string path)
    {
        var head = new byte[512];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        Assert.True(JsonFileSource.TryDetect(head.AsSpan(0, read), out var encoding), "not detected as JSON: " + path);
        return new JsonFileSource(path, encoding);
    }

    public static (List<WinEvent> Events, List<InputProblem> Problems, SourceCounters Counters) Read(string path, RawEventFilter? filter = null)
    {
        var problems = new List<InputProblem>();
        var counters = new SourceCounters();
        var events = Open(path).ReadEvents(filter, counters, problems.Add).ToList();
        return (events, problems, counters);
    }

    public static WinEvent Xml(string xml) => XmlEventParser.Parse(xml, new LineOrigin("xml", 1));

    /// <summary>The fields as a sorted multiset of name=value (order may differ between forms; _raw is not a field).</summary>
    public static List<string> Multiset(IEnumerable<EventField> fields) =>
        fields.Select(f => f.Name + "=" + f.Value).Order(StringComparer.Ordinal).ToList();

    public static EventTime TruncateTo(EventTime time, long ticks) => new(time.UnixTicks - (time.UnixTicks % ticks));

    /// <summary>The XML reader's fields with SystemTime as evtx_dump writes it (to the microsecond).</summary>
    public static List<EventField> EvtxDumpExpected(TestEvent e, WinEvent xml) =>
        xml.Fields.Select(f => f.Name == "SystemTime" ? f with { Value = JsonEventForms.Micros(e.Time) } : f).ToList();

    /// <summary>
    /// The XML reader's fields less what Winlogbeat's winlog fields lose, as docs/json-inputs.md says: no
    /// EventSourceName, Qualifiers, Level, Task, Opcode, Keywords; zero Version/ProcessID/ThreadID omitted; EventID
    /// always; SystemTime to the millisecond; unnamed Data as paramN by position; of a repeated data name the first value.
    /// </summary>
    public static List<EventField> WinlogbeatExpected(TestEvent e, WinEvent xml, UserDataBlock? userData = null)
    {
        string[] lost = ["EventSourceName", "Qualifiers", "Level", "Task", "Opcode", "Keywords"];
        var pairs = userData is null
            ? (e.Data ?? []).Concat(e.Binary is null ? [] : [("Binary", e.Binary)]).ToList()
            : userData.Leaves.ToList();
        var expected = new List<EventField>();
        foreach (var field in xml.Fields)
        {
            if (lost.Contains(field.Name) || (field.Name is "Version" or "ProcessID" or "ThreadID" && field.Value == "0"))
            {
                continue;
            }

            expected.Add(field.Name == "SystemTime" ? field with { Value = JsonEventForms.Millis(e.Time) } : field);
        }

        // The event's data fields, as the XML reader names them, give way to Winlogbeat's.
        foreach (var (name, value) in pairs)
        {
            var xmlName = userData is null && name.Length == 0 ? FieldNames.UnnamedData : name;
            var at = expected.FindIndex(f => f.Name == xmlName && f.Value == value);
            if (at >= 0)
            {
                expected.RemoveAt(at);
            }
        }

        if (xml["EventID"] is null)
        {
            expected.Add(new EventField("EventID", xml["EventCode"]!));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            var name = pairs[i].Name is "" or "Data" ? $"param{i + 1}" : pairs[i].Name;
            if (pairs[i].Value.Length != 0 && seen.Add(name))
            {
                expected.Add(new EventField(name, pairs[i].Value));
            }
        }

        return expected;
    }
}
