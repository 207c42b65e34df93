using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Vigil.Tests.Support;

/// <summary>The provider-defined element under <c>&lt;UserData&gt;</c>: its name and its leaf elements in order.</summary>
public sealed record UserDataBlock(string Root, IReadOnlyList<(string Name, string Value)> Leaves)
{
    public const string Namespace = "http://manifests.microsoft.com/win/2004/08/windows/eventlog";
}

/// <summary>
/// The JSON forms of a <see cref="TestEvent"/>, written as the tools write them (see docs/json-inputs.md):
/// Winlogbeat 8 (ECS; zero values and empty data omitted, unnamed Data as paramN, times to the millisecond, the XML in
/// event.original only with include_xml) and the Rust evtx crate's evtx_dump (the XML as objects, bare upper-case
/// GUIDs, FILETIMEs to the microsecond).
/// </summary>
public static class JsonEventForms
{
    private const string EventNamespace = "http://schemas.microsoft.com/win/2004/08/events/event";
    private const string ProviderGuid = "670080D9-742A-4187-8D16-41143D1290BD";

    /// <summary>Go's encoding/json keeps non-ASCII text but escapes &lt;, &gt; and &amp;; System.Text.Json's default escapes more. Either is valid JSON.</summary>
    private static readonly JsonSerializerOptions Winlogbeat = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>The crate escapes only quotes, backslashes and control characters.</summary>
    private static readonly JsonSerializerOptions EvtxDump = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonSerializerOptions EvtxDumpIndented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    /// <summary>Splunk's one-line XML with the EventData replaced by a UserData block.</summary>
    public static string ToSplunkWithUserData(this TestEvent e, UserDataBlock userData)
    {
        var xml = e.ToSplunk();
        var start = xml.IndexOf("<EventData>", StringComparison.Ordinal);
        var end = xml.IndexOf("</EventData>", StringComparison.Ordinal) + "</EventData>".Length;
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<UserData><{userData.Root} xmlns='{UserDataBlock.Namespace}'>");
        foreach (var (name, value) in userData.Leaves)
        {
            b.Append(CultureInfo.InvariantCulture, $"<{name}>{SecurityElement.Escape(value)}</{name}>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</{userData.Root}></UserData>");
        return xml[..start] + b + xml[end..];
    }

    /// <summary>One Winlogbeat record on one line; <paramref name="dotted"/> writes every value under a dotted key instead of nested objects.</summary>
    public static string ToWinlogbeat(this TestEvent e, bool includeXml = false, bool dotted = false, UserDataBlock? userData = null)
    {
        var winlog = new JsonObject
        {
            ["api"] = "wineventlog",
            ["channel"] = e.Channel,
            ["computer_name"] = e.Computer,
        };
        if (userData is null)
        {
            var eventData = new JsonObject();
            var pairs = (e.Data ?? []).Select(d => (Key: d.Name, d.Value)).ToList();
            if (e.Binary is not null)
            {
                pairs.Add(("Binary", e.Binary));
            }

            for (var i = 0; i < pairs.Count; i++)
            {
                // Winlogbeat: empty values dropped, unnamed values named paramN by position, the first of a name kept.
                var key = pairs[i].Key is "" or "Data" ? string.Create(CultureInfo.InvariantCulture, $"param{i + 1}") : pairs[i].Key;
                if (pairs[i].Value.Length != 0 && !eventData.ContainsKey(key))
                {
                    eventData[key] = pairs[i].Value;
                }
            }

            if (eventData.Count != 0)
            {
                winlog["event_data"] = eventData;
            }
        }
        else
        {
            var data = new JsonObject();
            foreach (var (name, value) in userData.Leaves)
            {
                if (value.Length != 0 && !data.ContainsKey(name))
                {
                    data[name] = value;
                }
            }

            data["xml_name"] = userData.Root;
            winlog["user_data"] = data;
        }

        winlog["event_id"] = e.EventCode.ToString(CultureInfo.InvariantCulture);
        winlog["keywords"] = new JsonArray("Classic");
        winlog["opcode"] = "Info";
        winlog["provider_guid"] = "{" + ProviderGuid + "}";
        winlog["provider_name"] = e.Provider;
        winlog["record_id"] = e.RecordId;
        winlog["task"] = "None";
        winlog["time_created"] = Millis(e.Time);
        var record = new JsonObject
        {
            ["@timestamp"] = Millis(e.Time),
            ["agent"] = new JsonObject { ["type"] = "winlogbeat", ["version"] = "8.13.4", ["name"] = "collector01" },
            ["ecs"] = new JsonObject { ["version"] = "8.0.0" },
            ["event"] = new JsonObject
            {
                ["code"] = e.EventCode.ToString(CultureInfo.InvariantCulture),
                ["created"] = Millis(e.Time.AddSeconds(3)),
                ["kind"] = "event",
                ["provider"] = e.Provider,
            },
            ["host"] = new JsonObject { ["name"] = "collector01" },
            ["log"] = new JsonObject { ["level"] = "error" },
            ["winlog"] = winlog,
        };
        if (includeXml)
        {
            record["event"]!["original"] = userData is null ? e.ToSplunk() : e.ToSplunkWithUserData(userData);
        }

        if (dotted)
        {
            var flat = new JsonObject();
            Flatten(record, string.Empty, flat);
            record = flat;
        }

        return record.ToJsonString(Winlogbeat);
    }

    /// <summary>One evtx_dump record (<c>-o jsonl</c> on one line, <c>-o json</c> indented).</summary>
    public static string ToEvtxDumpJson(this TestEvent e, bool indented = false, bool separateAttributes = false, UserDataBlock? userData = null)
    {
        var system = new JsonObject();
        void Element(JsonObject parent, string name, JsonNode? text, JsonObject? attributes)
        {
            if (attributes is null)
            {
                parent[name] = text;
            }
            else if (separateAttributes)
            {
                if (text is not null)
                {
                    parent[name] = text;
                }

                parent[name + "_attributes"] = attributes;
            }
            else
            {
                var element = new JsonObject { ["#attributes"] = attributes };
                if (text is not null)
                {
                    element["#text"] = text;
                }

                parent[name] = element;
            }
        }

        Element(system, "Provider", null, new JsonObject { ["Name"] = e.Provider, ["Guid"] = ProviderGuid, ["EventSourceName"] = "W3SVC-WP" });
        Element(system, "EventID", e.EventCode, e.Qualifiers is { } q ? new JsonObject { ["Qualifiers"] = q } : null);
        system["Version"] = 0;
        system["Level"] = 2;
        system["Task"] = 0;
        system["Opcode"] = 0;
        system["Keywords"] = "0x80000000000000";
        Element(system, "TimeCreated", null, new JsonObject { ["SystemTime"] = Micros(e.Time) });
        system["EventRecordID"] = e.RecordId;
        system["Correlation"] = null;
        Element(system, "Execution", null, new JsonObject { ["ProcessID"] = 0, ["ThreadID"] = 0 });
        system["Channel"] = e.Channel;
        system["Computer"] = e.Computer;
        system["Security"] = null;

        var evt = new JsonObject();
        if (!separateAttributes)
        {
            evt["#attributes"] = new JsonObject { ["xmlns"] = EventNamespace };
        }

        evt["System"] = system;
        if (userData is not null)
        {
            var root = new JsonObject();
            if (!separateAttributes)
            {
                root["#attributes"] = new JsonObject { ["xmlns"] = UserDataBlock.Namespace };
            }

            AddRepeated(root, userData.Leaves);
            var container = new JsonObject { [userData.Root] = root };
            if (separateAttributes)
            {
                container[userData.Root + "_attributes"] = new JsonObject { ["xmlns"] = UserDataBlock.Namespace };
            }

            evt["UserData"] = container;
        }
        else
        {
            var eventData = new JsonObject();
            AddRepeated(eventData, (e.Data ?? []).Where(d => d.Name.Length != 0).ToList());
            var unnamed = (e.Data ?? []).Where(d => d.Name.Length == 0).Select(d => d.Value).ToList();
            if (unnamed.Count != 0)
            {
                eventData["Data"] = new JsonObject { ["#text"] = unnamed.Count == 1 ? unnamed[0] : new JsonArray(unnamed.Select(v => (JsonNode?)v).ToArray()) };
            }

            if (e.Binary is not null)
            {
                eventData["Binary"] = e.Binary;
            }

            evt["EventData"] = eventData.Count == 0 ? null : eventData;
        }

        var record = new JsonObject { ["Event"] = evt };
        if (separateAttributes)
        {
            record["Event_attributes"] = new JsonObject { ["xmlns"] = EventNamespace };
        }

        return record.ToJsonString(indented ? EvtxDumpIndented : EvtxDump);
    }

    /// <summary>
    /// Any event XML in evtx_dump's JSON layout (every value written as a string, times as the XML has them): an
    /// element without attributes is its text or null, one with attributes <c>{"#attributes", "#text"}</c>, a named
    /// Data a key of EventData, unnamed Data gathered in <c>"Data": {"#text": [...]}</c>, repeats suffixed _1, _2, ...
    /// </summary>
    public static string EvtxDumpJsonFromXml(string xml)
    {
        static JsonNode? Element(XElement element)
        {
            var attributes = new JsonObject();
            foreach (var attribute in element.Attributes())
            {
                attributes[attribute.IsNamespaceDeclaration ? "xmlns" : attribute.Name.LocalName] = attribute.Value;
            }

            var children = new JsonObject();
            var unnamed = new JsonArray();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var child in element.Elements())
            {
                var dataName = child.Name.LocalName == "Data" ? (string?)child.Attribute("Name") : null;
                if (child.Name.LocalName == "Data" && string.IsNullOrEmpty(dataName))
                {
                    unnamed.Add(child.Value);
                    continue;
                }

                var name = dataName ?? child.Name.LocalName;
                var count = seen.GetValueOrDefault(name);
                seen[name] = count + 1;
                children[count == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}_{count}")] = dataName is null ? Element(child) : child.Value;
            }

            if (unnamed.Count != 0)
            {
                children["Data"] = new JsonObject { ["#text"] = unnamed };
            }

            var text = element.Nodes().OfType<XText>().Any() ? string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value)) : null;
            if (attributes.Count == 0 && children.Count == 0)
            {
                return text;
            }

            var result = new JsonObject();
            if (attributes.Count != 0)
            {
                result["#attributes"] = attributes;
            }

            foreach (var (key, value) in children.ToList())
            {
                children.Remove(key);
                result[key] = value;
            }

            if (text is not null)
            {
                result["#text"] = text;
            }

            return result;
        }

        var root = XElement.Parse(xml);
        return new JsonObject { ["Event"] = Element(root) }.ToJsonString(EvtxDump);
    }

    /// <summary>Winlogbeat's file output / <c>output.console</c>: JSON lines.</summary>
    public static string WinlogbeatFile(IEnumerable<TestEvent> events, bool includeXml = false, bool dotted = false) =>
        string.Concat(events.Select(e => e.ToWinlogbeat(includeXml, dotted) + "\n"));

    /// <summary>The same records as one pretty-printed JSON array (as an export from Elasticsearch or Kibana gives).</summary>
    public static string WinlogbeatArrayFile(IEnumerable<TestEvent> events)
    {
        var array = new JsonArray(events.Select(e => JsonNode.Parse(e.ToWinlogbeat())).ToArray());
        return array.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.Default, WriteIndented = true }) + "\n";
    }

    /// <summary><c>evtx_dump -o jsonl</c>.</summary>
    public static string EvtxDumpJsonlFile(IEnumerable<TestEvent> events) => string.Concat(events.Select(e => e.ToEvtxDumpJson() + "\n"));

    /// <summary><c>evtx_dump -o json</c>: a <c>Record N</c> line, then the record pretty-printed.</summary>
    public static string EvtxDumpJsonFile(IEnumerable<TestEvent> events) =>
        string.Concat(events.Select(e => string.Create(CultureInfo.InvariantCulture, $"Record {e.RecordId}\n{e.ToEvtxDumpJson(indented: true)}\n")));

    /// <summary>Libbeat writes times to the millisecond, truncated.</summary>
    public static string Millis(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The crate writes FILETIMEs with <c>%.6f</c>: to the microsecond, truncated.</summary>
    public static string Micros(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>evtx_dump's names for repeated siblings: <c>Name</c>, then <c>Name_1</c>, <c>Name_2</c>, ...</summary>
    private static void AddRepeated(JsonObject parent, IReadOnlyList<(string Name, string Value)> children)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, value) in children)
        {
            var count = seen.GetValueOrDefault(name);
            seen[name] = count + 1;
            parent[count == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}_{count}")] = value;
        }
    }

    private static void Flatten(JsonNode node, string path, JsonObject into)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                var childPath = path.Length == 0 ? key : path + "." + key;
                if (child is null)
                {
                    into[childPath] = null;
                }
                else
                {
                    Flatten(child, childPath, into);
                }
            }
        }
        else
        {
            into[path] = node.DeepClone();
        }
    }
}
