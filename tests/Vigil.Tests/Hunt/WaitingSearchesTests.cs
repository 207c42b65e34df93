using Vigil.Content.Loading;
using Vigil.Hunt;
using Vigil.Hunt.Deferral;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// Detections whose compiling waits (their facts learnt by an earlier run with the same definitions) give the results
/// they give compiled at once: compiled when the inputs hold an event they could take, else the result over no event.
/// The facts are kept by a fingerprint of everything compiling reads, which these tests change one part at a time.
/// </summary>
public sealed class WaitingSearchesTests
{
    private static readonly Timestamp Now = Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Every_ESCU_detection_gives_the_same_results_waiting_as_compiled_at_once()
    {
        var escu = TestPaths.RequireShared("escu");
        string[] evtx =
        [
            "evtx-crate/sysmon.evtx", "evtx-crate/security.evtx", "evtx-crate/system.evtx", "evtx-crate/2-vss_7-System.evtx",
            "deepbluecli/Powershell-Invoke-Obfuscation-many.evtx", "deepbluecli/metasploit-sysmon.evtx", "deepbluecli/password-spray.evtx",
            "deepbluecli/new-user-security.evtx",
        ];
        var inputs = evtx.Select(f => TestPaths.RequireShared(["evtx", .. f.Split('/')]))
            .Append(TestPaths.RequireShared("json", "winlogbeat"))
            .Append(Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log"))
            .Append(Path.Combine(TestPaths.Samples, "Application.wevtutil.xml"))
            .ToList();
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(escu);
        var detections = content.Library.Detections.Where(d => !string.Equals(d.Status, "deprecated", StringComparison.OrdinalIgnoreCase)).ToList();
        var (atOnce, failures) = DetectionCompiler.Compile(detections, content.Definitions);
        using var folder = new TempDirectory();
        var knowledge = content.CreateFieldKnowledge();
        var facts = SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!;
        facts.Learn(atOnce, failures, knowledge.IsVerbatimField);

        HuntReport Hunt(IReadOnlyList<CompiledDetection> compiled, string input) => HuntRunner.Run(compiled, new HuntOptions
        {
            Inputs = [input],
            Knowledge = content.CreateFieldKnowledge(),
            Now = Now,
        });

        var unreached = 0;
        var reachedWithRows = 0;
        foreach (var input in inputs)
        {
            var (waiting, recalledFailures) = DetectionCompiler.Compile(detections, content.Definitions, facts);
            Assert.Equal(atOnce.Select(d => d.Detection.Id), waiting.Select(d => d.Detection.Id));
            Assert.Equal(failures.Select(Describe), recalledFailures.Select(Describe));
            Assert.True(waiting.Count(d => !d.IsCompiled) > 1400, $"only {waiting.Count(d => !d.IsCompiled)} of {waiting.Count} detections wait");

            var expected = Hunt(atOnce, input);
            var actual = Hunt(waiting, input);
            Assert.Equal(Counts(expected.Counters), Counts(actual.Counters));
            for (var i = 0; i < atOnce.Count; i++)
            {
                var name = $"{atOnce[i].Detection.Name} over {Path.GetFileName(input)}";
                Assert.True(expected.Results[i].Result.Columns.SequenceEqual(actual.Results[i].Result.Columns), name + ": columns differ");
                Assert.True(Lines(expected.Results[i]).SequenceEqual(Lines(actual.Results[i])), name + ": rows differ");
                Assert.Equal(expected.Results[i].EventsMatched, actual.Results[i].EventsMatched);
                Assert.Equal(expected.Results[i].Findings.Select(f => f.Id), actual.Results[i].Findings.Select(f => f.Id));
                Assert.Equal(expected.Results[i].Result.Warnings, actual.Results[i].Result.Warnings);
                if (waiting[i].Facts is not null)
                {
                    unreached += waiting[i].IsCompiled ? 0 : 1;
                    reachedWithRows += waiting[i].IsCompiled && actual.Results[i].Result.Rows.Count > 0 ? 1 : 0;
                }
            }
        }

        // Both ways of running a waiting detection were compared, many times each.
        Assert.True(unreached > 1000, $"only {unreached} detections were left uncompiled");
        Assert.True(reachedWithRows > 20, $"only {reachedWithRows} waiting detections were compiled and gave rows");
    }

    [Fact]
    public void A_hunt_parses_counts_and_reports_the_same_events_whichever_searches_it_leaves_uncompiled()
    {
        using var folder = new TempDirectory();
        var good = File.ReadLines(Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log")).First();
        var input = folder.Write("events.log", good + "\n" + good.Replace("<Computer>web01.contoso.local</Computer>", "<Computer>zzqqmarker</System>", StringComparison.Ordinal) + "\n");
        var content = LoadedContent.Shipped();
        var marker = content.Library.Detections[0] with { Id = "marker", Search = "zzqqmarker | table _time host" };
        IReadOnlyList<Vigil.Content.Model.Detection> detections = [marker];
        var knowledge = content.CreateFieldKnowledge();
        var (atOnce, _) = DetectionCompiler.Compile(detections, content.Definitions);
        var facts = SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!;
        facts.Learn(atOnce, [], knowledge.IsVerbatimField);
        var (waiting, _) = DetectionCompiler.Compile(detections, content.Definitions, facts);
        HuntReport Hunt(IReadOnlyList<CompiledDetection> compiled) => HuntRunner.Run(compiled, new HuntOptions { Inputs = [input], Knowledge = knowledge, Now = Now });

        var expected = Hunt(atOnce);
        var actual = Hunt(waiting);

        // The malformed event holds the marker: parsed (and reported) for the search, though it is left uncompiled.
        Assert.False(waiting[0].IsCompiled);
        Assert.Equal(1, expected.MalformedEvents);
        Assert.Equal(Counts(expected.Counters), Counts(actual.Counters));
        Assert.Equal(expected.Problems.Select(p => p.ToString()), actual.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_search_waits_only_when_its_result_over_no_event_is_empty_and_its_gate_asks_something_of_an_event()
    {
        var content = LoadedContent.Shipped();
        var knowledge = content.CreateFieldKnowledge();
        SearchFacts? Facts(string search) =>
            SearchFacts.Of(SplPipeline.Compile(search, content.Definitions), knowledge.IsVerbatimField, new SearchContext(TimeZoneInfo.Utc, Now));

        var facts = Facts("EventCode=4688 | stats count by host")!;
        Assert.Equal(["4688"], Assert.Single(facts.Gates).Anchors);
        Assert.Null(facts.Gates[0].Dataset);
        Assert.Equal(["host", "count"], facts.EmptyColumns);

        var tstats = Facts("| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name")!;
        Assert.Null(Assert.Single(tstats.Gates).Anchors);
        Assert.Equal(("Endpoint", "Processes"), tstats.Gates[0].Dataset);
        Assert.Equal(["Processes.dest", "Processes.process_name", "count"], tstats.EmptyColumns);

        // Each part that takes events has its gate: the search's own and its subsearch's.
        var subsearch = Facts("| tstats count from datamodel=Endpoint.Processes by Processes.dest | append [ search EventCode=4624 | stats count by host ]")!;
        Assert.Equal(2, subsearch.Gates.Count);
        Assert.Equal(("Endpoint", "Processes"), subsearch.Gates[0].Dataset);
        Assert.Equal(["4624"], subsearch.Gates[1].Anchors);

        // The risk index holds no event of the files: no part takes one.
        Assert.Empty(Facts("index=risk | stats count by risk_object")!.Gates);

        Assert.Null(Facts("EventCode=4688 | stats count"));

        // A row made over no event, though dropped, might be kept at another time; so might a subsearch's.
        Assert.Null(Facts("EventCode=4688 | stats count | where count > 0"));
        Assert.Null(Facts("EventCode=4688 | stats count by host | append [ | makeresults | eval s=tonumber(strftime(now(), \"%S\")) | where s > 60 ]"));
        Assert.Null(Facts("EventCode=4688 | stats count by host | append [ search EventCode=4624 | stats count | where count > 0 ]"));
        Assert.Null(Facts("host=web01 | stats count by host"));
        Assert.Null(Facts("| makeresults | eval x=1"));
        Assert.Null(Facts("EventCode=4688 | append [ | makeresults | eval host=\"a\" ] | stats count by host"));
    }

    [Fact]
    public void A_search_asking_only_for_a_source_or_sourcetype_waits_and_is_compiled_only_for_inputs_that_have_one()
    {
        var (waiting, unreached, hunt) = WaitOverSample(
            ("zscaler", "sourcetype=\"zscaler:nss:web\" action=blocked | stats count by user"),
            ("application", "source IN (\"XmlWinEventLog:Application\", \"XmlWinEventLog:System\") NOT sourcetype=okta* | stats count by host"),
            ("system", "(source=\"XmlWinEventLog:System\" OR source=\"XmlWinEventLog:Security\") | stats count by host"));

        Assert.All(waiting, d => Assert.NotNull(Assert.Single(d.Facts!.Gates).Metadata));
        Assert.Equal(["zscaler", "system"], unreached);
        Assert.NotEmpty(hunt.Results[1].Result.Rows);
        Assert.Equal([false, true, false], waiting.Select(d => d.IsCompiled));
    }

    [Fact]
    public void A_tstats_waits_with_its_WHERE_and_is_compiled_only_for_inputs_with_a_dataset_row_holding_what_it_asks()
    {
        const string Tstats = "| tstats count from datamodel=Endpoint.Filesystem {0} by Filesystem.dest Filesystem.file_name";
        string With(string where) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Tstats, where);
        var (waiting, unreached, hunt) = WaitOverSample(
            ("any", With("")),
            ("locky", With("where Filesystem.file_name IN (\"*.locky\", \"*.zepto\")")),
            ("unknown", With("where Filesystem.file_name=UNKNOWN")));

        Assert.All(waiting, d => Assert.Equal(("Endpoint", "Filesystem"), Assert.Single(d.Facts!.Gates).Dataset));
        Assert.Null(waiting[0].Facts!.Gates[0].DatasetRows);
        Assert.Equal([new RowAtom("Filesystem.file_name", ".locky", true), new RowAtom("Filesystem.file_name", ".zepto", true)], waiting[1].Facts!.Gates[0].DatasetRows);

        // The sample's Application events are in Endpoint.Filesystem, their file_name the CIM's "unknown".
        Assert.Equal(["locky"], unreached);
        Assert.NotEmpty(hunt.Results[2].Result.Rows);
        Assert.Equal([true, false, true], waiting.Select(d => d.IsCompiled));
    }

    [Fact]
    public void The_fingerprint_changes_with_each_thing_compiling_reads_and_only_then()
    {
        using var folder = new TempDirectory();
        var table = folder.Write("table.csv", "a,b\n1,2\n");
        var content = LoadedContent.Shipped();
        var definitions = content.Definitions;
        definitions.Add(new LookupDefinition("table", table, () => new StreamReader(table)));
        UInt128? Fingerprint() => DefinitionsFingerprint.Of(definitions, content.CreateFieldKnowledge(), TimeSpan.Zero);

        var seen = new List<UInt128?> { Fingerprint() };
        Assert.NotNull(seen[0]);
        Assert.Equal(seen[0], Fingerprint());
        var other = LoadedContent.Shipped();
        other.Definitions.Add(new LookupDefinition("table", table, () => new StreamReader(table)));
        Assert.Equal(seen[0], DefinitionsFingerprint.Of(other.Definitions, other.CreateFieldKnowledge(), TimeSpan.Zero));

        void Changed(Action change)
        {
            change();
            var now = Fingerprint();
            Assert.NotNull(now);
            Assert.DoesNotContain(now, seen);
            seen.Add(now);
        }

        Changed(() => definitions.Add(new MacroDefinition("my_filter", [], "search *")));
        Changed(() => definitions.Add(new MacroDefinition("my_filter", [], "search host=a")));
        Changed(() => definitions.Add(new MacroDefinition("my_filter", ["x"], "search host=$x$")));
        Changed(() => definitions.Add(new EventTypeDefinition("my_type", "EventCode=1")));
        Changed(() => definitions.Tags.Set("eventtype", "my_type", "process", enabled: true));
        Changed(() => definitions.Limits = definitions.Limits with { LookupRows = 7 });
        Changed(() => File.WriteAllText(table, "a,b\n1,2\n3,4\n"));

        // A lookup file changed in the last moments cannot be vouched for by its stamp: no fingerprint.
        Assert.Null(DefinitionsFingerprint.Of(definitions, content.CreateFieldKnowledge(), TimeSpan.FromMinutes(1)));

        // The knowledge's computed fields decide what gates may say of raw text.
        var addOn = new TempDirectory();
        using (addOn)
        {
            addOn.Write("default/props.conf", "[XmlWinEventLog]\nFIELDALIAS-code = EventCode AS my_event_code\n");
            var withAlias = LoadedContent.Load([addOn.Path]);
            Assert.NotEqual(
                DefinitionsFingerprint.Of(LoadedContent.Shipped().Definitions, LoadedContent.Shipped().CreateFieldKnowledge(), TimeSpan.Zero),
                DefinitionsFingerprint.Of(withAlias.Definitions, withAlias.CreateFieldKnowledge(), TimeSpan.Zero));
        }
    }

    [Fact]
    public void Facts_are_kept_between_runs_and_a_damaged_or_foreign_cache_file_is_learnt_again()
    {
        using var folder = new TempDirectory();
        var content = LoadedContent.Shipped();
        var knowledge = content.CreateFieldKnowledge();
        var detections = content.Library.Detections;
        var (compiled, _) = DetectionCompiler.Compile(detections, content.Definitions);
        var cache = SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!;
        Assert.All(detections, d => Assert.Null(cache.Recall(d)));
        cache.Learn(compiled, [], knowledge.IsVerbatimField);
        cache.Save();
        Assert.Empty(cache.Warnings);

        var file = Assert.Single(Directory.GetFiles(folder.Path, "searches-*.bin"));
        int Waiting() => detections.Count(d => SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!.Recall(d) is not null);
        var learnt = compiled.Count(d => SearchFacts.Of(d.Pipeline, knowledge.IsVerbatimField, new SearchContext(TimeZoneInfo.Utc, Now)) is not null);
        Assert.True(learnt >= 4, $"only {learnt} shipped detections can wait");
        Assert.Equal(learnt, Waiting());

        // Files of other fingerprints are deleted but for the latest.
        for (var i = 0; i < SearchFactsCache.FilesKept + 4; i++)
        {
            var other = Path.Combine(folder.Path, $"searches-{i:x32}.bin");
            File.WriteAllBytes(other, [1]);
            File.SetLastWriteTimeUtc(other, DateTime.UtcNow.AddDays(-1).AddMinutes(i));
        }

        var again = SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!;
        again.Learn(compiled, [new DetectionFailure(detections[0] with { Id = "another" }, "reason", "summary", [])], knowledge.IsVerbatimField);
        again.Save();
        var kept = Directory.GetFiles(folder.Path, "searches-*.bin");
        Assert.Equal(SearchFactsCache.FilesKept, kept.Length);
        Assert.Contains(file, kept);
        Assert.Contains(Path.Combine(folder.Path, $"searches-{SearchFactsCache.FilesKept + 3:x32}.bin"), kept);
        Assert.DoesNotContain(Path.Combine(folder.Path, $"searches-{0:x32}.bin"), kept);

        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(file, bytes);
        Assert.Equal(0, Waiting());

        File.WriteAllBytes(file, CacheFile.Frame("VIGILSF1"u8, [1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal(0, Waiting());
    }

    [Fact]
    public void Inputs_too_large_or_not_plain_files_are_not_read_ahead()
    {
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        var content = LoadedContent.Shipped();
        var knowledge = content.CreateFieldKnowledge();
        using var folder = new TempDirectory();
        var (compiled, _) = DetectionCompiler.Compile(content.Library.Detections, content.Definitions);
        var cache = SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!;
        cache.Learn(compiled, [], knowledge.IsVerbatimField);
        HashSet<CompiledDetection> Unreached(params string[] inputs)
        {
            var (compiled, _) = DetectionCompiler.Compile(content.Library.Detections, content.Definitions, cache);
            var waiting = compiled.Where(d => !d.IsCompiled).ToList();
            Assert.NotEmpty(waiting);
            return WaitingSearches.Unreached(waiting, new HuntOptions { Inputs = inputs, Knowledge = knowledge }, CancellationToken.None);
        }

        // The sample holds Application-log events only: the detections of other logs are unreached.
        Assert.NotEmpty(Unreached(sample));

        var text = File.ReadAllText(sample);
        var large = folder.Write("large.log", string.Concat(Enumerable.Repeat(text, (int)(WaitingSearches.MaxBytesReadAhead / text.Length) + 1)));
        Assert.True(new FileInfo(large).Length > WaitingSearches.MaxBytesReadAhead);
        Assert.Empty(Unreached(large));
        Assert.Empty(Unreached(sample, "/dev/null"));
    }

    /// <summary>
    /// Compiles the searches at once and learns their facts, then compiles them again with the facts read back from the
    /// saved file (all must wait), works out which the bundled sample cannot reach, and hunts the sample both ways,
    /// checking that the waiting detections give the results of those compiled at once.
    /// </summary>
    private static (List<CompiledDetection> Waiting, List<string> Unreached, HuntReport Hunt) WaitOverSample(params (string Id, string Search)[] searches)
    {
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        using var folder = new TempDirectory();
        var content = LoadedContent.Shipped();
        var knowledge = content.CreateFieldKnowledge();
        var detections = searches.Select(s => content.Library.Detections[0] with { Id = s.Id, Search = s.Search }).ToList();
        var (atOnce, _) = DetectionCompiler.Compile(detections, content.Definitions);
        var cache = SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!;
        cache.Learn(atOnce, [], knowledge.IsVerbatimField);
        cache.Save();

        var (waiting, _) = DetectionCompiler.Compile(detections, content.Definitions, SearchFactsCache.Open(folder.Path, content.Definitions, knowledge)!);
        Assert.All(waiting, d => Assert.False(d.IsCompiled));
        var unreached = WaitingSearches.Unreached(waiting, new HuntOptions { Inputs = [sample], Knowledge = knowledge }, TestContext.Current.CancellationToken);
        var options = new HuntOptions { Inputs = [sample], Knowledge = knowledge, Now = Now };
        var expected = HuntRunner.Run(atOnce, options, TestContext.Current.CancellationToken);
        var actual = HuntRunner.Run(waiting, options, TestContext.Current.CancellationToken);
        Assert.Equal(expected.Results.Select(Lines), actual.Results.Select(Lines));
        return (waiting, [.. waiting.Where(unreached.Contains).Select(d => d.Detection.Id)], actual);
    }

    private static (long, long, long, long, long, long, long) Counts(Vigil.Events.Sources.SourceCounters c) =>
        (c.Events, c.Skipped, c.NotWellFormed, c.OverLimit, c.DamagedRecords, c.Recovered, c.Salvaged);

    private static string Describe(DetectionFailure failure) =>
        $"{failure.Detection.Id} {failure.Reason} {failure.Summary} {string.Join(";", failure.Diagnostics.Select(d => $"{d} {d.Id} {d.Subject}"))}";

    private static List<string> Lines(DetectionResult result) =>
        result.Result.Rows.Select(row => string.Join("|", row.Names.Select(n => $"{n}={row[n]}"))).ToList();
}
