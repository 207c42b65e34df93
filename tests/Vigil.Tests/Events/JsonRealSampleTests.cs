using System.Text.Json.Nodes;
using Vigil.Events.Json;
using Vigil.Events.Model;
using Vigil.Tests.Support;
using static Vigil.Tests.Events.JsonTestSupport;

namespace Vigil.Tests.Events;

/// <summary>
/// Real events (not written by <see cref="TestEvent"/>) in the JSON forms: the 2282 event that ESCU ships as the
/// example of its data source, and the bundled sample Application log, written here as JSON from the real XML in the
/// tools' documented layouts (Winlogbeat with include_xml carries the XML itself; evtx_dump's layout is written by
/// <see cref="JsonEventForms.EvtxDumpJsonFromXml"/>). JSON the tools themselves wrote is tested in
/// <see cref="JsonToolOutputTests"/>.
/// </summary>
public class JsonRealSampleTests
{
    /// <summary>ESCU's example_log of the 2282 data source (a YAML plain scalar: its lines fold into spaces).</summary>
    private static string EscuExample2282()
    {
        var path = TestPaths.RequireShared("escu", "data_sources", "windows_event_log_application_2282.yml");
        var lines = File.ReadAllLines(path);
        var start = Array.FindIndex(lines, l => l.StartsWith("example_log: ", StringComparison.Ordinal));
        var parts = new List<string> { lines[start]["example_log: ".Length..] };
        for (var i = start + 1; i < lines.Length && lines[i].StartsWith(' '); i++)
        {
            parts.Add(lines[i].Trim());
        }

        return string.Join(" ", parts);
    }

    private static string WinlogbeatWithXml(string xml, WinEvent e) => new JsonObject
    {
        ["@timestamp"] = e["SystemTime"]![..23] + "Z",
        ["event"] = new JsonObject { ["code"] = e["EventCode"], ["original"] = xml },
        ["winlog"] = new JsonObject { ["channel"] = e["Channel"], ["computer_name"] = e["Computer"], ["event_id"] = e["EventCode"] },
        ["message"] = "The Module DLL could not be loaded due to a configuration problem.",
    }.ToJsonString();

    [Fact]
    public void The_ESCU_2282_example_gives_the_XML_fields_in_both_JSON_forms()
    {
        var xml = EscuExample2282();
        var expected = Xml(xml);
        Assert.Equal("c:\\temp\\msf.dll", expected["ModuleDll"]);

        Assert.True(JsonEventParser.TryParse(JsonEventForms.EvtxDumpJsonFromXml(xml), new LineOrigin("real", 1), out var evtx, out var error), error.Reason);
        Assert.Equal(Multiset(expected.Fields), Multiset(evtx.Fields));
        Assert.Equal(expected.Time, evtx.Time);

        Assert.True(JsonEventParser.TryParse(WinlogbeatWithXml(xml, expected), new LineOrigin("real", 1), out var winlogbeat, out error), error.Reason);
        Assert.Equal(Multiset(expected.Fields.Append(new EventField("Message", "The Module DLL could not be loaded due to a configuration problem."))), Multiset(winlogbeat.Fields));
        Assert.Equal(expected.Time, winlogbeat.Time);
    }

    [Fact]
    public void The_bundled_sample_log_reads_the_same_as_JSON_lines_in_both_forms()
    {
        var xmlEvents = File.ReadAllLines(Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log"))
            .Where(l => l.StartsWith("<Event", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(xmlEvents);
        var parsed = xmlEvents.Select(Xml).ToList();
        using var dir = new TempDirectory();
        var evtxPath = dir.Write("evtx.jsonl", string.Concat(xmlEvents.Select(x => JsonEventForms.EvtxDumpJsonFromXml(x) + "\n")));
        var wlbPath = dir.Write("wlb.json", string.Concat(xmlEvents.Zip(parsed, (x, e) => WinlogbeatWithXml(x, e) + "\n")));

        var (evtx, problems, _) = Read(evtxPath);
        Assert.Empty(problems);
        Assert.Equal(parsed.Select(e => Multiset(e.Fields)), evtx.Select(e => Multiset(e.Fields)));
        Assert.Equal(parsed.Select(e => e.Time), evtx.Select(e => e.Time));

        var (wlb, problems2, _) = Read(wlbPath);
        Assert.Empty(problems2);
        Assert.Equal(parsed.Select(e => e.Time), wlb.Select(e => e.Time));
        Assert.Equal(parsed.Select(e => e["ModuleDll"]), wlb.Select(e => e["ModuleDll"]));
    }
}
