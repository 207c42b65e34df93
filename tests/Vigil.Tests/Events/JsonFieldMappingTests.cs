using Vigil.Events.Json;
using Vigil.Events.Model;
using Vigil.Tests.Support;
using static Vigil.Tests.Events.JsonTestSupport;

namespace Vigil.Tests.Events;

/// <summary>A JSON form of an event gives the fields the XML reader gives for the Splunk XML of the same event.</summary>
public class JsonFieldMappingTests
{
    public static TheoryData<string> EventNames => new(Events.Keys);

    private static readonly Dictionary<string, (TestEvent Event, UserDataBlock? UserData)> Events = new()
    {
        ["2282 with Qualifiers"] = (TestEvent.Iis2282("web01.contoso.local", "C:\\Windows\\System32\\inetsrv\\bad32.dll", T0, 1001307), null),
        ["no Qualifiers"] = (new TestEvent(1000, "web01", T0.AddMinutes(1), 17, Provider: "Application Error", Data: [("AppName", "w3wp.exe"), ("Status", "0xc0000005")], Qualifiers: null), null),
        ["entities, non-ASCII, quotes, backslashes"] = (
            TestEvent.Iis2282("wéb-02.contoso.local", "x", T0.AddSeconds(5), 2) with
            {
                Data =
                [
                    ("ModuleDll", "C:\\Agent Ü&Co\\\"quoted\" <m>\\x.dll"),
                    ("Note", "tab\there 'single' & ünïcödé 日本 \\\\server\\share"),
                    ("Empty", ""),
                ],
            },
            null),
        ["unnamed Data on the System channel"] = (new TestEvent(6009, "dc01", T0.AddHours(1), 3, Channel: "System", Provider: "EventLog", Data: [("", "10.00."), ("", "15063"), ("", ""), ("", "Multiprocessor Free")], Qualifiers: 32768), null),
        ["Binary only"] = (new TestEvent(2282, "web03", T0.AddDays(1), 4, Data: [], Binary: "DEADBEEF00"), null),
        ["System channel with params and Binary"] = (new TestEvent(7036, "dc01", T0.AddSeconds(30), 42, Channel: "System", Provider: "Service Control Manager", Data: [("param1", "Windows Update"), ("param2", "running")], Binary: "7700750061007500730065007200760000000000", Qualifiers: 16384), null),
        ["repeated data name"] = (new TestEvent(4100, "host4", T0.AddSeconds(7), 9, Data: [("Item", "one"), ("Item", "two"), ("Other", "x")], Qualifiers: null), null),
        ["UserData"] = (
            new TestEvent(104, "dc01", T0.AddSeconds(9), 12, Channel: "System", Provider: "Microsoft-Windows-Eventlog", Qualifiers: null),
            new UserDataBlock("LogFileCleared", [("SubjectUserName", "admin"), ("SubjectDomainName", "CONTOSO"), ("Channel", "Security"), ("BackupPath", "C:\\Windows\\Logs\\b.evtx")])),
    };

    private static (TestEvent Event, UserDataBlock? UserData, WinEvent Xml) Case(string name)
    {
        var (e, userData) = Events[name];
        return (e, userData, Xml(userData is null ? e.ToSplunk() : e.ToSplunkWithUserData(userData)));
    }

    private static WinEvent ParseJson(string json)
    {
        Assert.True(JsonEventParser.TryParse(json, new LineOrigin("json", 1), out var parsed, out var error), error.Reason);
        Assert.Equal(json, parsed.Raw);
        return parsed;
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Evtx_dump_jsonl_gives_the_XML_fields_with_SystemTime_to_the_microsecond(string name)
    {
        var (e, userData, xml) = Case(name);
        var json = ParseJson(e.ToEvtxDumpJson(userData: userData));
        Assert.Equal(Multiset(EvtxDumpExpected(e, xml)), Multiset(json.Fields));
        Assert.Equal(TruncateTo(xml.Time!.Value, 10), json.Time);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Evtx_dump_pretty_and_separate_attributes_give_the_same(string name)
    {
        var (e, userData, xml) = Case(name);
        var expected = Multiset(EvtxDumpExpected(e, xml));
        Assert.Equal(expected, Multiset(ParseJson(e.ToEvtxDumpJson(indented: true, userData: userData)).Fields));
        Assert.Equal(expected, Multiset(ParseJson(e.ToEvtxDumpJson(separateAttributes: true, userData: userData)).Fields));
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Winlogbeat_with_the_event_XML_gives_exactly_the_XML_fields_and_time(string name)
    {
        var (e, userData, xml) = Case(name);
        var json = ParseJson(e.ToWinlogbeat(includeXml: true, userData: userData));
        Assert.Equal(Multiset(xml.Fields), Multiset(json.Fields));
        Assert.Equal(xml.Time, json.Time);
    }

    [Theory]
    [MemberData(nameof(EventNames))]
    public void Winlogbeat_fields_alone_give_the_XML_fields_less_what_Winlogbeat_drops(string name)
    {
        var (e, userData, xml) = Case(name);
        var expected = Multiset(WinlogbeatExpected(e, xml, userData));
        Assert.Equal(expected, Multiset(ParseJson(e.ToWinlogbeat(userData: userData)).Fields));
        Assert.Equal(expected, Multiset(ParseJson(e.ToWinlogbeat(dotted: true, userData: userData)).Fields));
        Assert.Equal(TruncateTo(xml.Time!.Value, TimeSpan.TicksPerMillisecond), ParseJson(e.ToWinlogbeat(userData: userData)).Time);
    }

    [Fact]
    public void The_seed_event_keeps_what_the_detection_needs_in_every_form()
    {
        var (e, _, _) = Case("2282 with Qualifiers");
        foreach (var json in new[] { e.ToEvtxDumpJson(), e.ToEvtxDumpJson(separateAttributes: true), e.ToWinlogbeat(), e.ToWinlogbeat(dotted: true), e.ToWinlogbeat(includeXml: true) })
        {
            var parsed = Searchable.Row(ParseJson(json));
            Assert.Equal("2282", parsed.Field("EventCode"));
            Assert.Equal("web01.contoso.local", parsed.Field("dest"));
            Assert.Equal("Microsoft-Windows-IIS-W3SVC-WP", parsed.Field("Name"));
            Assert.Equal("C:\\Windows\\System32\\inetsrv\\bad32.dll", parsed.Field("ModuleDll"));
            Assert.Equal("XmlWinEventLog:Application", parsed.Field("source"));
            Assert.Equal("{670080D9-742A-4187-8D16-41143D1290BD}", parsed.Field("Guid"));
        }
    }

    [Fact]
    public void Evtx_dump_values_numbers_nulls_arrays_and_nested_text_are_read_as_the_XML_would_hold_them()
    {
        const string json = """
            {"Event":{"System":{"Provider":{"#attributes":{"Name":"P","Guid":"{5bbca4a8-b209-48dc-a8c7-b23d3e5216fb}"}},
            "EventID":{"#attributes":{"Qualifiers":"16384"},"#text":"1"},"Level":"4","Task":0,"Keywords":"0x80000000000000",
            "TimeCreated":{"#attributes":{"SystemTime":"2021-11-19T16:52:33.833733500Z"}},"EventRecordID":"3229",
            "Correlation":{"#attributes":{"ActivityID":"A3591746-A27B-447A-B8BE-FF54AE3A46F1"}},
            "Channel":"MSExchange Management","Computer":"WEC.ave.local","Security":{"#attributes":{"UserID":"S-1-5-18"}}},
            "EventData":{"Data":{"#text":["Set-Mailbox","",true,5,null]},"Binary":null,"Flag":false,"Sizes":[1,2]}}}
            """;
        var parsed = ParseJson(json);
        Assert.Equal(
            Multiset(
            [
                new("Name", "P"), new("Guid", "{5bbca4a8-b209-48dc-a8c7-b23d3e5216fb}"), new("Qualifiers", "16384"), new("EventCode", "1"),
                new("Level", "4"), new("Task", "0"), new("Keywords", "0x80000000000000"), new("SystemTime", "2021-11-19T16:52:33.833733500Z"),
                new("EventRecordID", "3229"), new("RecordNumber", "3229"), new("ActivityID", "{A3591746-A27B-447A-B8BE-FF54AE3A46F1}"),
                new("Channel", "MSExchange Management"), new("Computer", "WEC.ave.local"), new("UserID", "S-1-5-18"),
                new("Data", "Set-Mailbox"), new("Data", "true"), new("Data", "5"), new("Flag", "false"), new("Sizes", "1"), new("Sizes", "2"),
            ]),
            Multiset(parsed.Fields));
        Assert.Equal(("MSExchange Management", "WEC.ave.local"), (parsed.Channel, parsed.Computer));
        Assert.True(EventTime.TryParseSystemTime("2021-11-19T16:52:33.8337335Z", out var time));
        Assert.Equal(time, parsed.Time);
    }

    [Fact]
    public void Evtx_dump_user_data_leaves_at_any_depth_with_repeated_names_and_attribute_only_elements()
    {
        const string json = """
            {"Event":{"System":{"EventID":53,"Channel":"Microsoft-Windows-CAPI2/Operational","Computer":"c1"},
            "UserData":{"CryptRetrieveObjectByUrlWire":{"AdditionalInfo":{"Action":{"#attributes":{"name":"NoProxy"}},
            "Headers":{"Header":"Connection: Keep-Alive","Header_1":"GET / HTTP/1.1","Header_2":"Accept: */*"}},
            "URL":{"#attributes":{"scheme":"http"},"#text":"http://crl.example/x.crl"},"Timeout":"PT9.984S","Empty":null,"Key_1":"not a repeat"}}}}
            """;
        var parsed = ParseJson(json);
        var userData = parsed.Fields.Where(f => f.Name is "Header" or "URL" or "Timeout" or "Action" or "Empty" or "Key_1" or "Key").ToList();
        Assert.Equal(
            ["Header=Accept: */*", "Header=Connection: Keep-Alive", "Header=GET / HTTP/1.1", "Key_1=not a repeat", "Timeout=PT9.984S", "URL=http://crl.example/x.crl"],
            Multiset(userData));
        Assert.Equal("53", parsed["EventID"]);
        Assert.Null(parsed.Time);
    }

    [Fact]
    public void Winlogbeat_maps_the_documented_keys_and_ignores_display_names()
    {
        const string json = """
            {"@timestamp":"2024-03-01T10:00:00.123Z","message":"The Module DLL could not be loaded.","event":{"code":4624,"provider":"ignored when winlog has it"},
            "winlog":{"channel":"Security","computer_name":"dc01.contoso.local","event_id":4624,"provider_name":"Microsoft-Windows-Security-Auditing",
            "provider_guid":"{54849625-5478-4994-A5BA-3E3B0328C30D}","record_id":"987","version":2,"opcode":"Info","task":"Logon","keywords":["Audit Success"],
            "level":"information","activity_id":"{AAAA0000-0000-0000-0000-000000000001}","process":{"pid":636,"thread":{"id":4724}},
            "user":{"identifier":"S-1-5-18","name":"SYSTEM","domain":"NT AUTHORITY","type":"Well Known Group"},
            "event_data":{"TargetUserName":"alice","LogonType":"3","IpAddress":"-"}}}
            """;
        var parsed = ParseJson(json);
        Assert.Equal(
            Multiset(
            [
                new("Name", "Microsoft-Windows-Security-Auditing"), new("Guid", "{54849625-5478-4994-A5BA-3E3B0328C30D}"), new("EventCode", "4624"),
                new("EventID", "4624"), new("Version", "2"), new("EventRecordID", "987"), new("RecordNumber", "987"),
                new("ActivityID", "{AAAA0000-0000-0000-0000-000000000001}"), new("ProcessID", "636"), new("ThreadID", "4724"),
                new("Channel", "Security"), new("Computer", "dc01.contoso.local"), new("UserID", "S-1-5-18"),
                new("TargetUserName", "alice"), new("LogonType", "3"), new("IpAddress", "-"), new("Message", "The Module DLL could not be loaded."),
            ]),
            Multiset(parsed.Fields));
        Assert.Equal(("Security", "dc01.contoso.local"), (parsed.Channel, parsed.Computer));
        Assert.Equal("2024-03-01T10:00:00.1230000Z", parsed.Time.ToString());
    }

    [Fact]
    public void Winlogbeat_without_winlog_event_id_takes_event_code_and_a_broken_event_original_falls_back_to_the_winlog_fields()
    {
        const string json = """{"event":{"code":"2282","original":"<Event><System><Channel>Application</Chan"},"winlog.channel":"Application","winlog.computer_name":"w1","winlog.event_data.ModuleDll":"C:\\m.dll"}""";
        var parsed = ParseJson(json);
        Assert.Equal(("2282", "2282", "w1", "C:\\m.dll"), (parsed["EventCode"], parsed["EventID"], Searchable.Row(parsed).Field("dest"), parsed["ModuleDll"]));
        Assert.Null(parsed.Time);
    }

    [Theory]
    [InlineData("""{"Event":{"System":{"TimeCreated":{"#attributes":{"SystemTime":"yesterday"}}}}}""", "SystemTime 'yesterday' is not a valid time")]
    [InlineData("""{"@timestamp":"soon","winlog":{"channel":"Application"}}""", "@timestamp 'soon' is not a valid time")]
    [InlineData("""{"hello":"world"}""", "neither a Winlogbeat/ECS record")]
    [InlineData("""{"Event":"text","winlog":"text"}""", "neither a Winlogbeat/ECS record")]
    [InlineData("""{"winlog":{"channel":"App",}}""", "not valid JSON")]
    public void Records_of_neither_shape_or_with_bad_times_are_refused_with_a_reason(string json, string reason)
    {
        Assert.False(JsonEventParser.TryParse(json, new LineOrigin("json", 1), out _, out var error));
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
