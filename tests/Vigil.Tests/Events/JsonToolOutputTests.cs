using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;
using static Vigil.Tests.Events.JsonTestSupport;

namespace Vigil.Tests.Events;

/// <summary>
/// The JSON readers against JSON the tools themselves wrote (../shared/json): the Rust evtx crate's own snapshots of
/// records of files in ../shared/evtx, compared field by field with Vigil's EVTX read of the same record, and
/// Winlogbeat's collected events, compared with the values of their winlog object.
/// </summary>
public class JsonToolOutputTests
{
    public static TheoryData<string, string> CrateSnapshots() => new()
    {
        { "event_json_sample.snap", "security.evtx" },
        { "event_json_sample_with_event_data_with_attributes_and_text.snap", "system.evtx" },
        { "event_json_with_size_t.snap", "Security_with_size_t.evtx" },
        { "event_json_with_multiple_data_elements-2.snap", "MSExchange_Management_wec.evtx" },
    };

    private static string SnapshotBody(string snapshot)
    {
        var text = File.ReadAllText(TestPaths.RequireShared("json", "evtx-crate-snapshots", snapshot)).ReplaceLineEndings("\n");

        // An insta snapshot: a header between two "---" lines, then the value.
        var second = text.IndexOf("\n---\n", 4, StringComparison.Ordinal);
        return text[(second + 5)..];
    }

    private static WinEvent EvtxRecord(string file, string recordId)
    {
        var problems = new List<InputProblem>();
        var source = InputCatalog.Open(TestPaths.RequireShared("evtx", "evtx-crate", file), problems.Add);
        Assert.NotNull(source);
        return source.ReadEvents(null, new SourceCounters(), problems.Add).First(e => e["EventRecordID"] == recordId);
    }

    [Theory]
    [MemberData(nameof(CrateSnapshots))]
    public void Each_evtx_crate_snapshot_gives_the_fields_of_our_EVTX_read_of_that_record(string snapshot, string evtxFile)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("dump.json", "Record 1\n" + SnapshotBody(snapshot));
        var (events, problems, _) = Read(path);
        Assert.Empty(problems);
        var json = Assert.Single(events);
        var evtx = EvtxRecord(evtxFile, json["EventRecordID"]!);

        // The crate writes a FILETIME SystemTime to the microsecond (docs/json-inputs.md); one stored as text (the
        // forwarded WEC record) it writes as stored, as we do. Every other field is the same.
        var filetime = evtx["SystemTime"]!.Length == "2016-07-08T18:12:51.6816408Z".Length;
        var expected = evtx.Fields.Select(f => f.Name == "SystemTime" && filetime ? f with { Value = f.Value[..26] + "Z" } : f);
        Assert.Equal(Multiset(expected), Multiset(json.Fields));
        Assert.Equal(filetime ? TruncateTo(evtx.Time!.Value, 10) : evtx.Time, json.Time);
    }

    /// <summary>
    /// The fields the event's XML form gives, written from the winlog object as docs/json-inputs.md maps it (the
    /// System values, then each event_data or user_data value by name; user_data's xml_name is the element's name, not a
    /// value), and Message from the rendered message.
    /// </summary>
    private static List<string> FieldsFromWinlog(JsonElement e)
    {
        var winlog = e.GetProperty("winlog");
        string Text(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        var fields = new List<(string, string)>
        {
            ("Name", winlog.GetProperty("provider_name").GetString()!),
            ("Guid", winlog.GetProperty("provider_guid").GetString()!),
            ("EventCode", winlog.GetProperty("event_id").GetString()!),
            ("EventID", winlog.GetProperty("event_id").GetString()!),
            ("EventRecordID", Text(winlog.GetProperty("record_id"))),
            ("RecordNumber", Text(winlog.GetProperty("record_id"))),
            ("ProcessID", Text(winlog.GetProperty("process").GetProperty("pid"))),
            ("ThreadID", Text(winlog.GetProperty("process").GetProperty("thread").GetProperty("id"))),
            ("Channel", winlog.GetProperty("channel").GetString()!),
            ("Computer", winlog.GetProperty("computer_name").GetString()!),
            ("Message", e.GetProperty("message").GetString()!),
        };
        if (winlog.TryGetProperty("version", out var version))
        {
            fields.Add(("Version", Text(version)));
        }

        if (winlog.TryGetProperty("user", out var user))
        {
            fields.Add(("UserID", user.GetProperty("identifier").GetString()!));
        }

        foreach (var block in new[] { "event_data", "user_data" })
        {
            if (winlog.TryGetProperty(block, out var data))
            {
                fields.AddRange(data.EnumerateObject().Where(p => p.Name != "xml_name").Select(p => (p.Name, Text(p.Value))));
            }
        }

        return fields.Select(f => f.Item1 + "=" + f.Item2).Order(StringComparer.Ordinal).ToList();
    }

    [Theory]
    [InlineData("sysmon-1-processcreate.json")]
    [InlineData("sysmon-13-registry.json")]
    [InlineData("security-1102-log-cleared.json")]
    public void Each_Winlogbeat_event_gives_the_fields_of_its_winlog_values(string file)
    {
        var path = TestPaths.RequireShared("json", "winlogbeat", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var (events, problems, _) = Read(path);
        Assert.Empty(problems);
        Assert.Equal(document.RootElement.GetArrayLength(), events.Count);
        foreach (var (json, read) in document.RootElement.EnumerateArray().Zip(events))
        {
            Assert.Equal(FieldsFromWinlog(json), Multiset(read.Fields.Where(f => f.Name != "SystemTime")));
            Assert.Equal(DateTimeOffset.Parse(json.GetProperty("@timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture).UtcTicks,
                read.Time!.Value.ToDateTime().Ticks);
        }
    }
}
