using System.Buffers;
using System.Text.Json;
using Vigil.Findings;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Sinks;
using Vigil.Store;
using Vigil.Tests.Support;
using static Vigil.Tests.Store.StoreTesting;

namespace Vigil.Tests.Store;

/// <summary>Real hunts over the bundled sample, recorded into real store files.</summary>
public class StoreSinkTests
{
    [Fact]
    public void A_hunt_records_its_run_with_inputs_counts_and_the_Vigil_that_ran_it()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var before = DateTimeOffset.UtcNow;
        var (report, recorded) = HuntInto(store, [SplunkSample]);
        Assert.Equal(new RecordedRun(recorded.RunId, 4, 0, 4), recorded);

        var run = Assert.Single(store.Runs());
        Assert.Equal(recorded.RunId, run.Id);
        Assert.Equal([new RunInput(SplunkSample, Path.GetFullPath(SplunkSample))], run.Inputs);
        Assert.Equal((1, 0, 1, 68L, 0L), (run.DetectionsRun, run.DetectionsSkipped, run.FilesRead, run.EventsRead, run.MalformedEvents));
        Assert.Equal((4, 0, 4), (run.FindingsNew, run.FindingsSeen, run.RiskEventsNew));
        Assert.Equal(report.Start.StartedAt, run.StartedAt);
        Assert.InRange(run.FinishedAt, before, DateTimeOffset.UtcNow);
        Assert.False(string.IsNullOrEmpty(run.VigilVersion));
    }

    [Fact]
    public void Findings_read_back_exactly_as_the_hunt_made_them()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var (report, _) = HuntInto(store, [SplunkSample]);
        var hunted = report.Results.Single().Findings;
        var stored = store.Findings(new FindingQuery());
        Assert.Equal(4, stored.Count);
        // The JSON object hunt writes for a finding covers every part of it: id, detection, times, result, risk,
        // message, annotations, evidence (path, line, time) and triage.
        Assert.Equal(hunted.Select(Json).Order(StringComparer.Ordinal), stored.Select(s => Json(s.Finding)).Order(StringComparer.Ordinal));
        Assert.Equal(4 + 3 + 1 + 2, Scalar(store, "SELECT count(*) FROM evidence"));
        Assert.All(stored, s => Assert.Equal(report.Start.StartedAt, s.FirstSeenAt));
    }

    [Fact]
    public void Risk_events_carry_the_Risk_data_model_fields()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        HuntInto(store, [SplunkSample]);
        var events = store.RiskEvents(null).ToList();
        Assert.Equal(4, events.Count);
        var msf = Assert.Single(events, e => e.RiskMessage!.Contains("msf.dll", StringComparison.Ordinal));
        var row = msf.ToRow();
        Assert.Equal("risk", row["index"].ToString());
        Assert.Equal("stash", row["sourcetype"].ToString());
        Assert.Equal("ESCU - Windows IIS Components Module Failed to Load - Rule", row["search_name"].ToString());
        Assert.Equal(row["search_name"], row["source"]);
        Assert.Equal("win-dc-exch01.attackrange.local", row["risk_object"].ToString());
        Assert.Equal("system", row["risk_object_type"].ToString());
        Assert.Equal("win-dc-exch01.attackrange.local", row["normalized_risk_object"].ToString());
        Assert.Equal("25", row["risk_score"].ToString());
        Assert.Equal("IIS on win-dc-exch01.attackrange.local refused to load module c:\\temp\\msf.dll, built for the wrong processor architecture (events: 3); check that the module is legitimate.", row["risk_message"].ToString());
        Assert.Equal(["IIS Components"], row["analyticstories"].Values);
        Assert.Equal(["T1505", "T1505.004"], row["annotations.mitre_attack"].Values);
        Assert.Equal(["T1505", "T1505.004"], row["annotations.mitre_attack.mitre_technique_id"].Values);
        Assert.Equal(["persistence"], row["annotations.mitre_attack.mitre_tactic"].Values);
        Assert.Equal(["T1505", "T1505.004", "persistence", "IIS Components"], row["annotations._all"].Values);
        Assert.True(row["threat_object"].IsNull);
        // _time is the newest event behind the finding, to the 100 ns.
        Assert.Equal("2022-12-20T15:58:25.3253836Z", msf.Time.ToString());

        // The table holds the fields under their own names too, for SQL over the store.
        Assert.Equal("win-dc-exch01.attackrange.local", Text(store, "SELECT normalized_risk_object FROM risk_events WHERE risk_message LIKE '%msf.dll%'"));
        Assert.Equal("[\"T1505\",\"T1505.004\",\"persistence\",\"IIS Components\"]", Text(store, "SELECT annotations_all FROM risk_events WHERE risk_message LIKE '%msf.dll%'"));
        Assert.Equal(100, Scalar(store, "SELECT sum(risk_score) FROM risk_events"));
    }

    [Fact]
    public void Hunting_the_same_inputs_again_adds_no_findings_and_no_risk_events()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var first = HuntInto(store, [SplunkSample]).Recorded;
        var counts = Counts(store);
        var second = HuntInto(store, [SplunkSample]).Recorded;

        Assert.Equal((4, 0, 4), (first.FindingsNew, first.FindingsSeen, first.RiskEventsNew));
        Assert.Equal((0, 4, 0), (second.FindingsNew, second.FindingsSeen, second.RiskEventsNew));
        Assert.Equal(counts, Counts(store));
        var runs = store.Runs();
        Assert.Equal(2, runs.Count);
        Assert.Equal((0, 4), (runs[1].FindingsNew, runs[1].FindingsSeen));
        Assert.Equal(8, Scalar(store, "SELECT count(*) FROM finding_runs"));
        Assert.All(store.Findings(new FindingQuery()), f => Assert.Equal(first.RunId, f.FirstRunId));
        var detail = store.Finding(store.Findings(new FindingQuery())[0].Finding.Id);
        Assert.Equal([first.RunId, second.RunId], detail.Runs.Select(r => r.Id));
    }

    [Fact]
    public void The_same_events_in_another_file_are_new_findings()
    {
        // Identity includes where the evidence is: a copy of the log elsewhere is another finding (docs/store.md).
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        HuntInto(store, [SplunkSample]);
        var copy = Path.Combine(dir.Path, "copy.log");
        File.Copy(SplunkSample, copy);
        var recorded = HuntInto(store, [copy]).Recorded;
        Assert.Equal((4, 0), (recorded.FindingsNew, recorded.FindingsSeen));
    }

    [Fact]
    public void Triage_facts_are_stored_in_order()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        HuntInto(store, [SplunkSample], sink => new TriageAdding(sink));
        var finding = store.Findings(new FindingQuery { Limit = 1 }).Single().Finding;
        Assert.Equal(["module path=" + finding.Result["ModuleDll"], "second=Ü & <x>"], finding.Triage.Select(t => $"{t.Label}={t.Value}"));
        Assert.Equal(8, Scalar(store, "SELECT count(*) FROM triage"));
    }

    [Fact]
    public void A_hunt_that_reads_no_input_records_nothing()
    {
        using var dir = new TempDirectory();
        using var store = VigilStore.Open(StorePath(dir));
        var sink = new StoreSink(store);
        var content = Vigil.Hunt.LoadedContent.Shipped();
        var (compiled, _) = DetectionCompiler.Compile([content.Library.Find(SeedId)!], content.Library.Definitions);
        var report = HuntRunner.Run(compiled, new HuntOptions { Inputs = [Path.Combine(dir.Path, "missing.log")], Knowledge = content.CreateFieldKnowledge(), Sinks = [sink] }, TestContext.Current.CancellationToken);
        Assert.Equal(0, report.FilesRead);
        Assert.Null(sink.Recorded);
        Assert.Empty(store.Runs());
    }

    internal static string Json(Finding finding)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSink.Write(json, finding);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The rows findings bring; runs and what they saw grow with every hunt.</summary>
    private static (long, long, long, long) Counts(VigilStore store) => (
        Scalar(store, "SELECT count(*) FROM findings"),
        Scalar(store, "SELECT count(*) FROM evidence"),
        Scalar(store, "SELECT count(*) FROM risk_events"),
        Scalar(store, "SELECT count(*) FROM triage"));

    /// <summary>
    /// Triage is computed elsewhere for some kinds of finding; this stands in for it, passing each finding to the store
    /// with two facts.
    /// </summary>
    private sealed class TriageAdding(IHuntSink store) : IHuntSink
    {
        public void Begin(HuntStart start) => store.Begin(start);

        public void Finding(Finding finding, DetectionResult result) =>
            store.Finding(finding with { Triage = [new("module path", finding.Result["ModuleDll"].ToString()), new("second", "Ü & <x>")] }, result);

        public void Finish(HuntReport report) => store.Finish(report);
    }
}
