using Vigil.Content;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Spl.Execution;
using Vigil.Tests.Events;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>The seed detection end to end: files -> events -> SPL -> results -> findings.</summary>
public class SeedDetectionTests
{
    private const string SeedId = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    internal static HuntReport Hunt(IReadOnlyList<string> inputs, LoadedContent? content = null, bool prefilter = true)
    {
        content ??= LoadedContent.Shipped();
        var library = content.Library;
        var (compiled, failures) = DetectionCompiler.Compile([library.Find(SeedId)!], library.Definitions);
        Assert.Empty(failures);
        return HuntRunner.Run(compiled, new HuntOptions { Inputs = inputs, Knowledge = content.CreateFieldKnowledge(), Prefilter = prefilter });
    }

    internal static List<string> Rows(HuntReport report) => report.Results.Single().Result.Lines();

    [Fact]
    public void The_real_ESCU_2282_event_yields_exactly_the_expected_row()
    {
        using var dir = new TempDirectory();
        var report = Hunt([dir.Write("2282.log", XmlEventParserTests.RealSample() + "\n")]);
        var result = report.Results.Single().Result;
        Assert.Equal(["EventCode", "dest", "Name", "ModuleDll", "count", "firstTime", "lastTime"], result.Columns);
        var row = Assert.Single(result.Rows);
        Assert.Equal(
            ["2282", "win-dc-exch01.attackrange.local", "Microsoft-Windows-IIS-W3SVC-WP", "c:\\temp\\msf.dll", "1", "2022-12-20T15:58:25", "2022-12-20T15:58:25"],
            result.Columns.Select(c => row[c].ToString()));
        var finding = Assert.Single(report.Results.Single().Findings);
        Assert.Equal(("win-dc-exch01.attackrange.local", 25), (finding.Risk.Single().RiskObject, finding.Risk.Single().Score));
        Assert.DoesNotContain("$", finding.RiskMessage, StringComparison.Ordinal);
    }

    /// <summary>Events a naive implementation gets wrong, each with the row it must (or must not) produce.</summary>
    internal static List<TestEvent> Traps() =>
    [
        // Matches: the attack, three times, out of time order in the file.
        TestEvent.Iis2282("web01", "c:\\temp\\msf.dll", T0.AddMinutes(5), 10),
        TestEvent.Iis2282("web01", "c:\\temp\\msf.dll", T0.AddMinutes(-5).AddTicks(1), 11),
        TestEvent.Iis2282("web01", "c:\\temp\\msf.dll", T0, 12),
        // Module paths that differ only in case are separate rows, uppercase first.
        TestEvent.Iis2282("web01", "C:\\TEMP\\MSF.DLL", T0, 13),
        // Fractional seconds: .9999999 truncates to :25, never rounds to :26.
        TestEvent.Iis2282("web02", "c:\\m.dll", T0.AddTicks(9_999_999), 14),
        // Entities and non-ASCII in values.
        TestEvent.Iis2282("web02", "C:\\Program Files\\Agent Ü&Co <x64>\\mod.dll", T0, 15),
        // 2282 elsewhere than EventCode, and near-misses: none of these may match.
        new(1000, "web01", T0, 16, Data: [("ModuleDll", "c:\\temp\\2282.dll"), ("Note", "2282")]),
        new(1000, "web01", T0, 2282, Data: [("ModuleDll", "c:\\temp\\x.dll")]),
        new(22820, "web01", T0, 17, Data: [("ModuleDll", "c:\\temp\\y.dll")]),
        new(2282, "web01", T0, 18, Channel: "System", Data: [("ModuleDll", "c:\\temp\\system.dll")]),
        // A 2282 without ModuleDll drops out of stats ... by ModuleDll.
        new(2282, "web01", T0, 19, Data: [("ProcessorArchitecture", "AMD64")]),
    ];

    internal static readonly string[] ExpectedTrapRows =
    [
        "EventCode=2282 dest=web01 Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=C:\\TEMP\\MSF.DLL count=1 firstTime=2022-12-20T15:58:25 lastTime=2022-12-20T15:58:25",
        "EventCode=2282 dest=web01 Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=c:\\temp\\msf.dll count=3 firstTime=2022-12-20T15:53:25 lastTime=2022-12-20T16:03:25",
        "EventCode=2282 dest=web02 Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=C:\\Program Files\\Agent Ü&Co <x64>\\mod.dll count=1 firstTime=2022-12-20T15:58:25 lastTime=2022-12-20T15:58:25",
        "EventCode=2282 dest=web02 Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=c:\\m.dll count=1 firstTime=2022-12-20T15:58:25 lastTime=2022-12-20T15:58:25",
    ];

    [Fact]
    public void Traps_give_exactly_the_rows_Splunk_would_in_both_XML_forms()
    {
        using var dir = new TempDirectory();
        var splunk = Hunt([dir.Write("traps.log", TestEvent.SplunkFile(Traps()))]);
        var wevtutil = Hunt([dir.Write("traps.xml", TestEvent.WevtutilFile(Traps()))]);
        Assert.Equal(ExpectedTrapRows, Rows(splunk));
        Assert.Equal(ExpectedTrapRows, Rows(wevtutil));
        Assert.Equal(11, splunk.Counters.Events);
        Assert.Equal(0, splunk.MalformedEvents);
    }

    [Fact]
    public void The_prefilter_changes_speed_not_results()
    {
        using var dir = new TempDirectory();
        var noise = new TestEvent(1000, "web01", T0, 20, Provider: "Application Error", Data: [("AppName", "w3wp.exe")]);
        var path = dir.Write("traps.log", TestEvent.SplunkFile([.. Traps(), noise]));
        var filtered = Hunt([path]);
        var full = Hunt([path], prefilter: false);
        Assert.Equal(Rows(full), Rows(filtered));
        Assert.Equal(0, full.Counters.Skipped);
        Assert.Equal(1, filtered.Counters.Skipped);
    }

    [Fact]
    public void The_prefilter_never_skips_an_event_whose_literal_is_written_with_a_character_reference()
    {
        // XML may spell any character as a reference: <EventID>&#50;282</EventID> is 2282, the literal the prefilter
        // looks for is not in the text, yet Splunk and Vigil read the field as 2282.
        using var dir = new TempDirectory();
        var line = TestEvent.Iis2282("web01", "c:\\temp\\x.dll", T0, 30).ToSplunk().Replace(">2282<", ">&#50;282<", StringComparison.Ordinal);
        var path = dir.Write("refs.log", line + "\n");
        Assert.Equal(Rows(Hunt([path], prefilter: false)), Rows(Hunt([path])));
        Assert.Single(Rows(Hunt([path])));

        // The same with every shipped detection split over two partitions: the literal scan, which also finds whether
        // the text holds a reference to decode, then runs on the partitions' threads.
        var content = LoadedContent.Shipped();
        var (all, failures) = DetectionCompiler.Compile([.. content.Library.Detections], content.Definitions);
        Assert.Empty(failures);
        var options = new HuntOptions { Inputs = [path], Knowledge = content.CreateFieldKnowledge(), Input = InputOptions.Default with { Threads = 2 } };
        var seed = HuntRunner.Run(all, options, TestContext.Current.CancellationToken).Results.Single(r => r.Compiled.Detection.Id == SeedId);
        Assert.Single(seed.Result.Lines());
    }

    [Fact]
    public void A_row_without_its_risk_object_makes_no_finding_but_stays_in_the_results()
    {
        // Enterprise Security's risk action raises risk only for a risk object with a value: stats count over no
        // events gives one row (count 0) with no dest, so no finding.
        using var dir = new TempDirectory();
        var content = LoadedContent.Shipped();
        content.Library.AddMacroFile(dir.Write("m.yml", "name: windows_iis_components_module_failed_to_load_filter\ndefinition: search *"));
        var detection = content.Library.Find(SeedId)! with { Search = "`wineventlog_application` EventCode=99999 | stats count" };
        var (compiled, _) = DetectionCompiler.Compile([detection], content.Definitions);
        var report = HuntRunner.Run(compiled, new HuntOptions { Inputs = [Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log")], Knowledge = content.CreateFieldKnowledge() }, TestContext.Current.CancellationToken);
        var result = report.Results.Single();
        Assert.Equal(["count=0"], result.Result.Lines());
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_truncated_line_is_reported_and_every_other_event_still_counts()
    {
        var lines = Traps().Select(e => e.ToSplunk()).ToList();
        lines.Insert(3, lines[0][..300]);
        using var dir = new TempDirectory();
        var path = dir.Write("traps.log", string.Join("\n", lines));
        var report = Hunt([path]);
        Assert.Equal(ExpectedTrapRows, Rows(report));
        Assert.Equal(1, report.MalformedEvents);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((path, 4L), (problem.Path, problem.Line));
    }

    [Fact]
    public void The_bundled_samples_give_the_same_findings_in_both_forms()
    {
        var splunk = Hunt([Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log")]);
        var wevtutil = Hunt([Path.Combine(TestPaths.Samples, "Application.wevtutil.xml")]);
        Assert.Equal(Rows(splunk), Rows(wevtutil));
        Assert.Equal(
            [
                "EventCode=2282 dest=web01.contoso.local Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=C:\\Program Files\\Agent Ü&Co\\module.dll count=1 firstTime=2022-12-20T17:05:50 lastTime=2022-12-20T17:05:50",
                "EventCode=2282 dest=web01.contoso.local Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=C:\\Users\\Public\\Libraries\\owa_auth.dll count=2 firstTime=2022-12-21T02:47:33 lastTime=2022-12-21T02:48:01",
                "EventCode=2282 dest=web01.contoso.local Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=C:\\Windows\\SysWOW64\\inetsrv\\rewrite.dll count=4 firstTime=2022-12-20T10:21:37 lastTime=2022-12-21T08:15:42",
                "EventCode=2282 dest=win-dc-exch01.attackrange.local Name=Microsoft-Windows-IIS-W3SVC-WP ModuleDll=c:\\temp\\msf.dll count=3 firstTime=2022-12-20T15:12:09 lastTime=2022-12-20T15:58:25",
            ],
            Rows(splunk));
        Assert.Equal(68, splunk.Counters.Events);
        Assert.Equal(0, splunk.MalformedEvents + wevtutil.MalformedEvents);
        Assert.Empty(splunk.Problems);
        Assert.Empty(wevtutil.Problems);
    }

    [Fact]
    public void A_user_filter_macro_removes_exactly_the_rows_it_names()
    {
        var input = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        var unfiltered = Rows(Hunt([input]));
        using var dir = new TempDirectory();
        var content = LoadedContent.Shipped();
        content.Library.AddMacroFile(dir.Write("tuning.yml", """
            name: windows_iis_components_module_failed_to_load_filter
            definition: search NOT ModuleDll="*inetsrv*"
            """));
        var filtered = Rows(Hunt([input], content));
        Assert.Equal(unfiltered.Where(r => !r.Contains("inetsrv", StringComparison.OrdinalIgnoreCase)), filtered);
        Assert.Equal(unfiltered.Count - 1, filtered.Count);
    }

    [Fact]
    public void Macro_expansion_gives_the_search_Splunk_runs()
    {
        var library = LoadedContent.Shipped().Library;
        var pipeline = SplPipeline.Compile(library.Find(SeedId)!.Search, library.Definitions);
        Assert.Equal(
            "eventtype=\"wineventlog_application\" OR Channel=\"application\" OR source=\"XmlWinEventLog:Application\" OR source=\"WinEventLog:Application\" EventCode=2282 "
            + "| stats  count min(_time) as firstTime max(_time) as lastTime by  EventCode dest Name ModuleDll "
            + "| convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(firstTime) | convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime(lastTime) | search *",
            pipeline.Text);
        Assert.Equal(["stats", "convert", "convert", "search"], pipeline.Commands.Select(c => c.Name));
    }
}
