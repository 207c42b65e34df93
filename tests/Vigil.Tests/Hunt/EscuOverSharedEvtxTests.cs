using System.Globalization;
using System.Text;
using Vigil.Content.Model;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Spl.Commands;
using Vigil.Spl.Commands.Stats;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// ESCU's Windows-log detections over the real EVTX files in ../shared/evtx: every detection whose search matches an
/// event must produce its rows, none lost because a field it groups by is missing. The test writes, for each
/// detection that matches, the fields it groups by and the values they took.
/// </summary>
public class EscuOverSharedEvtxTests(ITestOutputHelper output)
{
    /// <summary>A detection whose data sources come from Sysmon, a Windows event log or PowerShell, as issue 6 counts them.</summary>
    internal static bool IsWindowsLog(Detection detection) =>
        !string.Equals(detection.Status, "deprecated", StringComparison.OrdinalIgnoreCase)
        && !detection.Origin.Replace('\\', '/').Contains("/deprecated/", StringComparison.Ordinal)
        && detection.DataSources.Any(s => s.Contains("sysmon", StringComparison.OrdinalIgnoreCase) || s.Contains("windows", StringComparison.OrdinalIgnoreCase) || s.Contains("powershell", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Every_matching_Windows_detection_produces_its_rows_with_the_fields_it_groups_by()
    {
        var escu = TestPaths.RequireShared("escu");
        var evtx = TestPaths.RequireShared("evtx");
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(escu);
        var windows = content.Library.Detections.Where(IsWindowsLog).ToList();
        var (compiled, _) = DetectionCompiler.Compile(windows, content.Definitions);
        var events = ReadEvents(evtx, content);
        Assert.True(events.Count > 10_000, $"only {events.Count} events read from {evtx}");

        // Each detection's generator feeds what its grouping command sees: for a search, the matched events after the
        // commands before stats (eval, rename ...); for tstats, its grouped rows. All are fed in one pass, as a hunt does.
        var context = SearchContext.Utc();
        var probes = new List<(CompiledDetection Detection, IReadOnlyList<string> GroupBy, GeneratorRun Run, Collected Seen, bool Grouped)>();
        foreach (var detection in compiled)
        {
            var pipeline = detection.Pipeline;
            var seen = new Collected();
            switch (pipeline.Generator)
            {
                // A pipeline with subsearches runs them beside itself only through SplPipeline.Start: no probe here.
                case EventSearch search when pipeline.Subsearches.Count == 0 && pipeline.Commands.OfType<StatsCommand>().FirstOrDefault() is { } stats:
                    IRowSink sink = seen;
                    var before = pipeline.Commands.TakeWhile(c => c != stats).ToList();
                    for (var i = before.Count - 1; i >= 0; i--)
                    {
                        sink = before[i].CreateStage(context, sink);
                    }

                    probes.Add((detection, stats.GroupBy, search.Start(context, sink), seen, false));
                    break;
                case TstatsGenerator tstats:
                    probes.Add((detection, tstats.GroupBy, tstats.Start(context, seen), seen, true));
                    break;
            }
        }

        foreach (var row in events)
        {
            foreach (var probe in probes)
            {
                probe.Run.Push(row);
            }
        }

        var report = new StringBuilder();
        var lost = new List<string>();
        var matching = 0;
        foreach (var (detection, groupBy, run, seen, grouped) in probes)
        {
            run.Complete();
            if (run.Matched == 0 || seen.Rows.Count == 0)
            {
                continue;
            }

            matching++;
            var rows = seen.Rows;
            var complete = grouped ? rows.Count : rows.Count(row => groupBy.All(field => !row[field].IsNull));
            report.AppendLine(grouped
                ? FormattableString.Invariant($"{detection.Detection.Name}: {run.Matched} events match {((TstatsGenerator)detection.Pipeline.Generator).Source}, {rows.Count} rows")
                : FormattableString.Invariant($"{detection.Detection.Name}: {rows.Count} events match, {complete} have every by-field"));
            foreach (var field in groupBy)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"    {field}: {Sample(rows.Select(r => r[field]))}");
            }

            if (complete == 0)
            {
                var missing = groupBy.Where(field => rows.All(row => row[field].IsNull));
                lost.Add($"{detection.Detection.Name} (by {string.Join(", ", missing)} on {Describe(rows)})");
            }
        }

        var text = $"{compiled.Count} of {windows.Count} Windows-log detections run; {matching} match events in {evtx}\n\n{report}";
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "vigil-escu-evtx-by-fields.txt"), text);
        output.WriteLine(text);
        Assert.True(matching > 30, $"only {matching} detections matched: {text}");
        Assert.True(lost.Count == 0, "rows lost to a missing by-field:\n" + string.Join("\n", lost));
    }

    [Fact]
    public void The_prefilter_and_computing_only_the_fields_searches_read_change_no_result()
    {
        var escu = TestPaths.RequireShared("escu");
        var evtx = TestPaths.RequireShared("evtx");
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(escu);
        var (all, _) = DetectionCompiler.Compile(content.Library.Detections.Where(IsWindowsLog).ToList(), content.Definitions);

        // The searches that name the fields they read (tstats through its data model) are where computing only those
        // fields shows.
        var naming = all.Where(d => d.Pipeline.EventFieldsRead is not null).ToList();
        Assert.True(naming.Count > 100, $"only {naming.Count} searches name the fields they read");
        foreach (var compiled in new[] { all, naming })
        {
            var fast = Findings(compiled, shortcuts: true);
            Assert.NotEmpty(fast);
            Assert.Equal(Findings(compiled, shortcuts: false), fast);
        }

        List<string> Findings(List<CompiledDetection> compiled, bool shortcuts)
        {
            var report = HuntRunner.Run(compiled, new HuntOptions
            {
                Inputs = [evtx],
                Knowledge = content.CreateFieldKnowledge(),
                Prefilter = shortcuts,
                OnlyFieldsRead = shortcuts,
                Zone = TimeZoneInfo.Utc,
            });
            return report.Results.SelectMany(r => r.Result.Lines().Select(line => r.Compiled.Detection.Name + ": " + line)).ToList();
        }
    }

    internal static List<Row> ReadEvents(string path, LoadedContent content)
    {
        var knowledge = content.CreateFieldKnowledge();
        var context = SearchContext.Utc();
        var reader = new InputReader([path], InputOptions.Default, _ => { });
        var rows = new List<Row>();
        foreach (var winEvent in reader.Read(null))
        {
            rows.Add(knowledge.RowOf(winEvent, context));
        }

        return rows;
    }

    private sealed class Collected : IRowSink
    {
        public List<Row> Rows { get; } = [];

        public void Push(Row row) => Rows.Add(row);

        public void Complete()
        {
        }
    }

    private static string Sample(IEnumerable<Value> values)
    {
        var texts = values.Select(v => v.IsNull ? "(null)" : v.ToString().Replace('\n', '|')).Distinct().ToList();
        var shown = texts.Take(4).Select(t => t.Length > 60 ? t[..60] + "..." : t);
        return string.Join(", ", shown) + (texts.Count > 4 ? $" and {texts.Count - 4} more" : string.Empty);
    }

    private static string Describe(List<Row> rows) =>
        string.Join(", ", rows.Select(r => $"{r["source"]} {r["EventCode"]}").Distinct().Take(3));
}
