using Vigil.Content.Model;
using Vigil.Evtx.Testing;
using Vigil.Events.Model;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Spl.Values;
using Vigil.Store;
using Vigil.Tests.Hunt;
using Vigil.Tests.Support;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>What goes into the store comes out the same: risk events, evidence of every kind, times to the 100 ns.</summary>
public class RoundTripTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    [Fact]
    public void Risk_events_read_back_equal_to_those_the_findings_raise_and_give_the_same_rows()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var input = dir.Write("events.log", TestEvent.SplunkFile(
        [
            TestEvent.Iis2282("WEB01", "c:\\temp\\a.dll", T0.AddTicks(1), 1),
            TestEvent.Iis2282("WEB01", "c:\\temp\\Ü b.dll", T0.AddTicks(9_999_999), 2),
            TestEvent.Iis2282("web02", "c:\\temp\\a.dll", T0.AddDays(-3), 3),
        ]));
        var report = HuntRich(store, [input]);

        var huntTime = Timestamp.FromDateTime(report.Start.StartedAt.UtcDateTime);
        var written = report.Results.SelectMany(r => r.Findings).SelectMany(f => RiskEvent.Of(f, huntTime, AttackTactics.Shipped)).ToList();
        var read = store.RiskEvents(null).ToList();
        // Users, hosts and the event-less finding: five risk events, with multivalue threat objects and tactics.
        Assert.Equal(5, written.Count);
        Assert.Equal(Describe(written).Order(StringComparer.Ordinal), Describe(read).Order(StringComparer.Ordinal));
        Assert.Equal(RowsOf(written).Order(StringComparer.Ordinal), RowsOf(read).Order(StringComparer.Ordinal));
        Assert.Contains(read, e => e.RiskObjectType == RiskObjectType.User && e.RiskObject == "Ann Ü" && e.NormalizedRiskObject == "ann ü");
        Assert.Contains(read, e => e.ThreatObjects.SequenceEqual(["c:\\temp\\a.dll", "c:\\temp\\Ü b.dll"]) && e.ThreatObjectTypes.SequenceEqual(["file_path", "file_path"]));
        Assert.Contains(read, e => e.MitreTactics.SequenceEqual(["persistence", "execution"]) && e.MitreTechniqueIds.SequenceEqual(["T1505.004", "T1059", "T9999"]));
        // The finding no event made is timed by the hunt.
        Assert.Single(read, e => e.Time == huntTime && e.RiskObject == "generated-host");
        Assert.Null(store.Findings(new FindingQuery { Entity = "generated-host" }).Single().Finding.Time);
    }

    [Fact]
    public void Line_evidence_reads_back_with_path_line_and_time()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var input = CrossFormatTests.Write(dir, "wevtutil-xml", SeedDetectionTests.Traps());
        var report = HuntInto(store, [input]).Report;
        AssertSameEvidence(report, store);
        var all = store.Findings(new FindingQuery()).SelectMany(f => f.Finding.Evidence).ToList();
        Assert.All(all, e => Assert.IsType<LineOrigin>(e.Origin));
        Assert.Contains(all, e => e.Time!.Value.ToString() == "2022-12-20T15:58:25.9999999Z");
    }

    [Fact]
    public void EVTX_evidence_reads_back_with_chunk_record_id_offset_and_time_even_past_the_signed_range()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var events = SeedDetectionTests.Traps().Select(CrossFormatTests.ToEvtx).ToList();
        // A record id above long.MaxValue keeps its 64 bits through SQLite's signed integers.
        events[0] = events[0] with { EventRecordId = ulong.MaxValue - 7 };
        var input = Path.Combine(dir.Path, "Application.evtx");
        EvtxWriter.Write(input, events);
        var report = HuntInto(store, [input]).Report;
        AssertSameEvidence(report, store);
        var all = store.Findings(new FindingQuery()).SelectMany(f => f.Finding.Evidence).ToList();
        Assert.All(all, e => Assert.IsType<EvtxOrigin>(e.Origin));
        Assert.Contains(all, e => ((EvtxOrigin)e.Origin).RecordId == ulong.MaxValue - 7);
        Assert.Contains(all, e => ((EvtxOrigin)e.Origin).Offset > 0);
    }

    private static void AssertSameEvidence(HuntReport report, VigilStore store)
    {
        var hunted = report.Results.SelectMany(r => r.Findings).ToDictionary(f => f.Id);
        var stored = store.Findings(new FindingQuery());
        Assert.Equal(hunted.Count, stored.Count);
        foreach (var finding in stored.Select(s => s.Finding))
        {
            // Records compare by value: origins (path, line or chunk/record/offset) and times to the tick.
            Assert.Equal(hunted[finding.Id].Evidence, finding.Evidence);
            Assert.Equal(hunted[finding.Id].EvidenceTotal, finding.EvidenceTotal);
            Assert.Equal(hunted[finding.Id].Time, finding.Time);
            Assert.Equal(hunted[finding.Id].FirstTime, finding.FirstTime);
            Assert.Equal(StoreSinkTests.Json(hunted[finding.Id]), StoreSinkTests.Json(finding));
        }
    }

    /// <summary>
    /// Two detections with more risk than the seed's: a user and a host as risk objects, file threat objects (a
    /// multivalue), several techniques (one unknown to the tactic table), and one finding that no event made.
    /// </summary>
    private static HuntReport HuntRich(VigilStore store, IReadOnlyList<string> inputs)
    {
        var content = LoadedContent.Shipped();
        var seed = content.Library.Find(SeedId)!;
        var rich = seed with
        {
            Id = "11111111-2222-3333-4444-555555555555",
            Name = "Rich risk test",
            Search = "`wineventlog_application` EventCode=2282 | stats count values(ModuleDll) as ModuleDll by dest | eval user=\"Ann Ü\"",
            MitreAttackIds = ["T1505.004", "T1059", "T9999"],
            AnalyticStories = ["IIS Components", "Story Ü"],
            RiskMessage = "$user$ on $dest$: $ModuleDll$",
            RiskObjects = [new RiskObjectSpec("dest", RiskObjectType.System, 40), new RiskObjectSpec("user", RiskObjectType.User, 15)],
            ThreatObjects = [new ThreatObjectSpec("ModuleDll", "file_path")],
        };
        var generated = seed with
        {
            Id = "66666666-7777-8888-9999-000000000000",
            Name = "Generated risk test",
            Search = "| makeresults | eval dest=\"generated-host\"",
            MitreAttackIds = [],
            RiskObjects = [new RiskObjectSpec("dest", RiskObjectType.System, 5)],
            ThreatObjects = [],
        };
        var (compiled, failures) = DetectionCompiler.Compile([rich, generated], content.Library.Definitions);
        Assert.Empty(failures);
        var sink = new StoreSink(store);
        var report = HuntRunner.Run(compiled, new HuntOptions { Inputs = inputs, Knowledge = content.CreateFieldKnowledge(), Sinks = [sink] }, TestContext.Current.CancellationToken);
        Assert.Equal(3, sink.Recorded!.FindingsNew);
        return report;
    }

    private static IEnumerable<string> Describe(IEnumerable<RiskEvent> events) => events.Select(e => string.Join(
        " | ",
        e.FindingId, e.Time.UnixTicks, e.RiskObject, e.RiskObjectType, e.RiskScore, e.RiskMessage ?? "(null)", e.SearchName,
        string.Join(",", e.AnalyticStories), string.Join(",", e.MitreTechniqueIds), string.Join(",", e.MitreTactics),
        string.Join(",", e.ThreatObjects), string.Join(",", e.ThreatObjectTypes)));

    private static IEnumerable<string> RowsOf(IEnumerable<RiskEvent> events) => events.Select(e =>
    {
        var row = e.ToRow();
        return string.Join(" | ", row.Fields.Select(f => $"{f.Key}={f.Value.Kind}:{string.Join(",", f.Value.Values)}"));
    });
}
