using Vigil.Evtx.Testing;
using Vigil.Tests.Support;
using static Vigil.Tests.Hunt.SeedDetectionTests;

namespace Vigil.Tests.Hunt;

/// <summary>The same events in every input form Vigil reads give the same findings.</summary>
public class CrossFormatTests
{
    public static TheoryData<string> Forms() => ["splunk-xml", "wevtutil-xml", "evtx", "winlogbeat", "winlogbeat-dotted", "winlogbeat-with-xml", "winlogbeat-array", "evtx-dump-jsonl", "evtx-dump-json"];

    /// <summary>The same event as Windows would store it in an EVTX file, written by the test-only EVTX writer.</summary>
    internal static EvtxTestEvent ToEvtx(TestEvent e) => new()
    {
        ProviderName = e.Provider,
        ProviderGuid = new Guid("670080D9-742A-4187-8D16-41143D1290BD"),
        EventSourceName = "W3SVC-WP",
        EventId = (ushort)e.EventCode,
        Qualifiers = e.Qualifiers is { } q ? (ushort)q : null,
        Level = 2,
        Keywords = 0x80000000000000,
        TimeCreatedUtc = e.Time,
        EventRecordId = (ulong)e.RecordId,
        Channel = e.Channel,
        Computer = e.Computer,
        Data = e.Data ?? [],
        Binary = e.Binary is null ? null : Convert.FromHexString(e.Binary),
    };

    internal static string Write(TempDirectory dir, string form, IReadOnlyList<TestEvent> events) => form switch
    {
        "splunk-xml" => dir.Write("events.log", TestEvent.SplunkFile(events)),
        "wevtutil-xml" => dir.Write("events.xml", TestEvent.WevtutilFile(events)),
        "evtx" => WriteEvtx(Path.Combine(dir.Path, "Application.evtx"), events),
        "winlogbeat" => dir.Write("winlogbeat.ndjson", JsonEventForms.WinlogbeatFile(events)),
        "winlogbeat-dotted" => dir.Write("winlogbeat-dotted.ndjson", JsonEventForms.WinlogbeatFile(events, dotted: true)),
        "winlogbeat-with-xml" => dir.Write("winlogbeat-xml.ndjson", JsonEventForms.WinlogbeatFile(events, includeXml: true)),
        "winlogbeat-array" => dir.Write("winlogbeat.json", JsonEventForms.WinlogbeatArrayFile(events)),
        "evtx-dump-jsonl" => dir.Write("dump.jsonl", JsonEventForms.EvtxDumpJsonlFile(events)),
        "evtx-dump-json" => dir.Write("dump.json", JsonEventForms.EvtxDumpJsonFile(events)),
        _ => throw new ArgumentException(form),
    };

    private static string WriteEvtx(string path, IReadOnlyList<TestEvent> events)
    {
        EvtxWriter.Write(path, events.Select(ToEvtx));
        return path;
    }

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

    [Fact]
    public void The_EVTX_fast_path_changes_speed_not_results()
    {
        using var dir = new TempDirectory();
        var noise = Enumerable.Range(0, 500).Select(i => new TestEvent(1000, "web01", new DateTime(2022, 12, 20, 10, 0, 0, DateTimeKind.Utc).AddSeconds(i), 100 + i, Provider: "Application Error", Data: [("AppName", "w3wp.exe")]));
        var path = WriteEvtx(Path.Combine(dir.Path, "mixed.evtx"), [.. Traps(), .. noise]);
        var fast = SeedDetectionTests.Hunt([path]);
        var full = SeedDetectionTests.Hunt([path], prefilter: false);
        Assert.Equal(ExpectedTrapRows, Rows(fast));
        Assert.Equal(Rows(full), Rows(fast));
        Assert.Equal(500, fast.Counters.Skipped);
        Assert.Equal(0, full.Counters.Skipped);
        Assert.Equal(full.Counters.Events, fast.Counters.Events);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Each_finding_names_the_events_behind_it_and_each_reference_leads_back_to_its_event(string form)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, form, Traps());
        var findings = SeedDetectionTests.Hunt([path]).Results.SelectMany(r => r.Findings).ToList();
        Assert.NotEmpty(findings);
        var bytes = File.ReadAllBytes(path);
        var lines = File.ReadAllLines(path);
        foreach (var finding in findings)
        {
            // The seed's result counts its events: each one is evidence, none twice.
            Assert.Equal(finding.Result["count"].ToString(), finding.EvidenceTotal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(finding.EvidenceTotal, finding.Evidence.Count);
            Assert.Equal(finding.Evidence.Count, finding.Evidence.Distinct().Count());
            Assert.Equal(finding.Evidence.Max(e => e.Time!.Value.UnixTicks), finding.Time!.Value.UnixTicks);
            var host = finding.Result["dest"].ToString();
            foreach (var reference in finding.Evidence)
            {
                Assert.Equal(path, reference.Origin.Path);
                switch (reference.Origin)
                {
                    case Vigil.Events.Model.EvtxOrigin record:
                        // An EVTX record header: the magic **\0\0, its size, then its record id.
                        Assert.Equal("2A2A0000", Convert.ToHexString(bytes, (int)record.Offset, 4));
                        Assert.Equal(record.RecordId, BitConverter.ToUInt64(bytes, (int)record.Offset + 8));
                        Assert.Equal(record.Chunk, (int)((record.Offset - 4096) / 65536));
                        Assert.Contains(Traps(), e => (ulong)e.RecordId == record.RecordId && e.Computer == host);
                        break;
                    case Vigil.Events.Model.LineOrigin line:
                        var start = lines[(int)line.Line - 1].TrimStart();
                        Assert.True(start.StartsWith('<') || start.StartsWith('{') || start.StartsWith('['), $"{form}: line {line.Line} starts no event: {start}");
                        var following = string.Join("\n", lines.Skip((int)line.Line - 1).Take(40));
                        Assert.Contains(host, following, StringComparison.OrdinalIgnoreCase);
                        break;
                    default:
                        Assert.Fail($"unexpected origin {reference.Origin}");
                        break;
                }
            }
        }
    }
}
