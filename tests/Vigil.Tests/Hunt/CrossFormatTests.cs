using Vigil.Tests.Support;
using static Vigil.Tests.Hunt.SeedDetectionTests;

namespace Vigil.Tests.Hunt;

/// <summary>The same events in every input form Vigil reads give the same findings.</summary>
public class CrossFormatTests
{
    public static TheoryData<string> Forms() => ["splunk-xml", "wevtutil-xml", "winlogbeat", "winlogbeat-dotted", "winlogbeat-with-xml", "winlogbeat-array", "evtx-dump-jsonl", "evtx-dump-json"];

    private static string Write(TempDirectory dir, string form, IReadOnlyList<TestEvent> events) => form switch
    {
        "splunk-xml" => dir.Write("events.log", TestEvent.SplunkFile(events)),
        "wevtutil-xml" => dir.Write("events.xml", TestEvent.WevtutilFile(events)),
        "winlogbeat" => dir.Write("winlogbeat.ndjson", JsonEventForms.WinlogbeatFile(events)),
        "winlogbeat-dotted" => dir.Write("winlogbeat-dotted.ndjson", JsonEventForms.WinlogbeatFile(events, dotted: true)),
        "winlogbeat-with-xml" => dir.Write("winlogbeat-xml.ndjson", JsonEventForms.WinlogbeatFile(events, includeXml: true)),
        "winlogbeat-array" => dir.Write("winlogbeat.json", JsonEventForms.WinlogbeatArrayFile(events)),
        "evtx-dump-jsonl" => dir.Write("dump.jsonl", JsonEventForms.EvtxDumpJsonlFile(events)),
        "evtx-dump-json" => dir.Write("dump.json", JsonEventForms.EvtxDumpJsonFile(events)),
        _ => throw new ArgumentException(form),
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_seed_detection_finds_the_same_rows_in_every_form(string form)
    {
        using var dir = new TempDirectory();
        var report = SeedDetectionTests.Hunt([Write(dir, form, Traps())]);
        Assert.Equal(ExpectedTrapRows, Rows(report));
        Assert.Equal(0, report.MalformedEvents);
        Assert.Equal(Traps().Count, report.Counters.Events);
    }
}
