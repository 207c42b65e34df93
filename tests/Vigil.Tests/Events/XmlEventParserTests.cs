using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Xml;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

public class XmlEventParserTests
{
    private static readonly EventOrigin Origin = new LineOrigin("test", 1);

    /// <summary>The real 2282 event from ESCU's data source (the example_log), as Splunk stores it.</summary>
    public static string RealSample()
    {
        var path = TestPaths.RequireShared("escu", "data_sources", "windows_event_log_application_2282.yml");
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        return ((YamlDotNet.RepresentationModel.YamlScalarNode)root.Children[new YamlDotNet.RepresentationModel.YamlScalarNode("example_log")]).Value!;
    }

    [Fact]
    public void The_real_2282_sample_yields_the_fields_Splunk_TA_windows_extracts()
    {
        var winEvent = XmlEventParser.Parse(RealSample(), Origin);
        var expected = new Dictionary<string, string>
        {
            ["EventCode"] = "2282",
            ["Name"] = "Microsoft-Windows-IIS-W3SVC-WP",
            ["Guid"] = "{670080D9-742A-4187-8D16-41143D1290BD}",
            ["EventSourceName"] = "W3SVC-WP",
            ["Qualifiers"] = "49152",
            ["Version"] = "0",
            ["Level"] = "2",
            ["Task"] = "0",
            ["Opcode"] = "0",
            ["Keywords"] = "0x80000000000000",
            ["SystemTime"] = "2022-12-20T15:58:25.325383600Z",
            ["EventRecordID"] = "1001307",
            ["RecordNumber"] = "1001307",
            ["ProcessID"] = "0",
            ["ThreadID"] = "0",
            ["Channel"] = "Application",
            ["Computer"] = "win-dc-exch01.attackrange.local",
            ["ModuleDll"] = "c:\\temp\\msf.dll",
            ["ProcessorArchitecture"] = "AMD64",
            ["Binary"] = "C1000000",
        };
        foreach (var (name, value) in expected)
        {
            Assert.Equal((name, value), (name, winEvent[name]));
        }

        // What the add-on computes at search time, from the shipped knowledge.
        var row = Searchable.Row(winEvent);
        var computed = new Dictionary<string, string>
        {
            ["source"] = "XmlWinEventLog:Application",
            ["sourcetype"] = "XmlWinEventLog",
            ["host"] = "win-dc-exch01.attackrange.local",
            ["dest"] = "win-dc-exch01.attackrange.local",
            ["dvc"] = "win-dc-exch01.attackrange.local",
            ["signature_id"] = "2282",
            ["vendor_product"] = "Microsoft Windows",
            ["Error_Code"] = "-",
        };
        foreach (var (name, value) in computed)
        {
            Assert.Equal((name, value), (name, row.Field(name)));
        }

        // The TA yields no EventID field when <EventID> has attributes, and nothing for empty <Security/>.
        Assert.Null(winEvent["EventID"]);
        Assert.Null(winEvent["UserID"]);
        Assert.Equal(EventTime.FromDateTime(new DateTime(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc).AddTicks(3_253_836)), winEvent.Time);
        Assert.Equal(RealSample(), winEvent.Raw);
    }

    [Fact]
    public void Double_quotes_entities_CDATA_and_non_ASCII_are_read_as_XML()
    {
        const string xml = """
            <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
              <System><Provider Name="Ü&amp;Co"/><EventID>4688</EventID><TimeCreated SystemTime="2023-01-01T00:00:00Z"/>
                <Channel>Security</Channel><Computer>h&#233;te</Computer><Security UserID="S-1-5-18"/></System>
              <EventData>
                <Data Name="CommandLine">cmd /c "echo &lt;x&gt; &amp; exit"</Data>
                <Data Name="Script"><![CDATA[if (a < b) { "&" }]]></Data>
                <Data>first</Data><Data>second</Data><Data Name="Empty"></Data><Data Name="Self"/>
              </EventData>
            </Event>
            """;
        var winEvent = XmlEventParser.Parse(xml, Origin);
        Assert.Equal("Ü&Co", winEvent["Name"]);
        Assert.Equal("héte", winEvent["Computer"]);
        Assert.Equal("cmd /c \"echo <x> & exit\"", winEvent["CommandLine"]);
        Assert.Equal("if (a < b) { \"&\" }", winEvent["Script"]);
        Assert.Equal(["first", "second"], winEvent.Fields.Where(f => f.Name == FieldNames.UnnamedData).Select(f => f.Value));
        Assert.Equal("4688", winEvent["EventID"]);
        Assert.Equal("S-1-5-18", winEvent["UserID"]);
        Assert.Null(winEvent["Empty"]);
        Assert.Null(winEvent["Self"]);
        var row = Searchable.Row(winEvent);
        Assert.Equal("héte", row.Field("dest"));
        Assert.Equal("XmlWinEventLog:Security", row.Field("source"));
    }

    [Fact]
    public void Names_alike_in_length_and_first_middle_and_last_character_stay_apart()
    {
        // The parser keeps recent names in slots chosen from those four things: these pairs share a slot each, and
        // each event reads them in turn, so a name found in its slot must be compared whole.
        const string System = "<System><EventID>1</EventID><Channel>Application</Channel><Computer>h</Computer></System>";
        static string Event(string body) => $"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>{System}{body}</Event>";

        foreach (var (first, second) in new[] { ("Abcxe", "Abcye"), ("Abcye", "Abcxe"), ("Abcxe", "Abcye") })
        {
            var data = XmlEventParser.Parse(Event($"<EventData><Data Name='{first}'>one</Data><Data Name='{second}'>two</Data></EventData>"), Origin);
            Assert.Equal("one", data[first]);
            Assert.Equal("two", data[second]);
            var leaves = XmlEventParser.Parse(Event($"<UserData><Leaf><{first}>three</{first}><{second}>four</{second}></Leaf></UserData>"), Origin);
            Assert.Equal("three", leaves[first]);
            Assert.Equal("four", leaves[second]);
        }
    }

    [Fact]
    public void UserData_leaves_and_the_rendered_message_become_fields()
    {
        const string xml = """
            <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1102</EventID><Channel>Security</Channel><Computer>dc1</Computer></System>
            <UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-1</SubjectUserSid><SubjectUserName>admin</SubjectUserName></LogFileCleared></UserData>
            <RenderingInfo Culture='en-US'><Message>The audit log was cleared.</Message><Level>Information</Level></RenderingInfo></Event>
            """;
        var winEvent = XmlEventParser.Parse(xml, Origin);
        Assert.Equal("admin", winEvent["SubjectUserName"]);
        Assert.Equal("S-1-5-21-1", winEvent["SubjectUserSid"]);
        Assert.Equal("The audit log was cleared.", winEvent["Message"]);
        Assert.Null(winEvent["Level"]);
    }

    [Fact]
    public void Fractional_seconds_keep_100_ns_and_drop_the_rest_without_rounding()
    {
        var winEvent = XmlEventParser.Parse("<Event><System><TimeCreated SystemTime='2022-12-20T15:58:25.99999999Z'/></System></Event>", Origin);
        Assert.Equal(9_999_999, winEvent.Time!.Value.UnixTicks % EventTime.TicksPerSecond);
        Assert.Equal(1671551905, winEvent.Time!.Value.UnixSeconds);
    }

    [Theory]
    [InlineData("<Event><System><EventID>1</EventID></System>", "end of file")]
    [InlineData("<Event><System><EventID>1</EventId></System></Event>", "EventId")]
    [InlineData("<Event><System><TimeCreated SystemTime='yesterday'/></System></Event>", "SystemTime 'yesterday' is not a valid time")]
    [InlineData("<Events><Event/></Events>", "expected an <Event> element")]
    [InlineData("<!DOCTYPE Event [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><Event>&x;</Event>", "DTD")]
    public void Malformed_events_and_DTDs_are_refused(string xml, string reason)
    {
        var error = Assert.Throws<XmlException>(() => XmlEventParser.Parse(xml, Origin));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
