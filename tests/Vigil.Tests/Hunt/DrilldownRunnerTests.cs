using Vigil.Findings;
using Vigil.Findings.Drilldowns;
using Vigil.Findings.Risk;
using Vigil.Hunt;
using Vigil.Hunt.Drilldowns;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>The seed's two drilldowns, run for the findings of a hunt over the bundled sample.</summary>
public class DrilldownRunnerTests
{
    private const string SeedId = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
    private static readonly Timestamp HuntTime = Timestamp.FromDateTime(new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc));

    private static (LoadedContent Content, HuntOptions Options, List<Finding> Findings) Hunt()
    {
        var content = LoadedContent.Shipped();
        var (compiled, failures) = DetectionCompiler.Compile([content.Library.Find(SeedId)!], content.Definitions);
        Assert.Empty(failures);
        var options = new HuntOptions { Inputs = [Sample], Knowledge = content.CreateFieldKnowledge() };
        var report = HuntRunner.Run(compiled, options, TestContext.Current.CancellationToken);
        return (content, options, report.Results.Single().Findings.ToList());
    }

    private static List<Row> RiskRows(IEnumerable<Finding> findings) =>
        findings.SelectMany(f => RiskEvent.Of(f, HuntTime, AttackTactics.Shipped)).Select(r => r.ToRow()).ToList();

    private static DrilldownOutcome Run(LoadedContent content, HuntOptions options, Finding finding, int index, IEnumerable<Row> riskRows)
    {
        var filled = DrilldownSearch.Fill(finding.Detection.Drilldowns[index], finding);
        var pipeline = SplPipeline.Compile(filled.Search, content.Definitions);
        return DrilldownRunner.Run(filled, pipeline, options, () => riskRows, DrilldownRunner.DefaultNow(filled, HuntTime));
    }

    [Fact]
    public void The_risk_drilldown_returns_per_host_what_ES_shows_from_the_risk_events_alone()
    {
        var (content, options, findings) = Hunt();
        var risk = RiskRows(findings);
        foreach (var finding in findings)
        {
            var dest = finding.Result["dest"].FirstText;
            var outcome = Run(content, options, finding, 1, risk);
            Assert.Equal(DrilldownSource.RiskStore, outcome.Source);
            Assert.Null(outcome.Window);
            Assert.Equal(
                ["normalized_risk_object", "count", "firstTime", "lastTime", "Search Name", "Risk Message", "Analytic Stories", "Annotations", "ATT&CK Tactics"],
                outcome.Result.Columns);
            var row = Assert.Single(outcome.Result.Rows);
            Assert.Equal(dest.ToLowerInvariant(), row["normalized_risk_object"].FirstText);

            // Each finding on the host up to this one raised one risk event on it (the week before, to its time).
            var expected = findings.Where(f => f.Result["dest"].FirstText == dest && f.Time <= finding.Time).ToList();
            Assert.Equal(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), row["count"].FirstText);
            Assert.Equal(["ESCU - Windows IIS Components Module Failed to Load - Rule"], row["Search Name"].Values);
            Assert.Equal(["IIS Components"], row["Analytic Stories"].Values);
            Assert.Equal(["persistence"], row["ATT&CK Tactics"].Values);
            Assert.Equal(["IIS Components", "T1505", "T1505.004", "persistence"], row["Annotations"].Values);
            Assert.Equal(expected.Select(f => f.RiskMessage).Distinct().Order(StringComparer.Ordinal), row["Risk Message"].Values);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", row["firstTime"].FirstText);
        }
    }

    [Fact]
    public void The_risk_drilldown_reads_no_event_of_the_inputs_and_finds_nothing_for_another_host()
    {
        var (content, options, findings) = Hunt();
        var finding = findings[0];
        var others = RiskRows(findings.Where(f => f.Result["dest"].FirstText != finding.Result["dest"].FirstText));
        var outcome = Run(content, options, finding, 1, others);
        Assert.Empty(outcome.Result.Rows);
        Assert.Null(outcome.Pass);
    }

    [Fact]
    public void The_detection_drilldown_reruns_the_search_over_the_inputs_for_that_host_in_the_findings_time_range()
    {
        var (content, options, findings) = Hunt();
        foreach (var finding in findings)
        {
            var outcome = Run(content, options, finding, 0, []);
            Assert.Equal(DrilldownSource.Inputs, outcome.Source);
            Assert.NotNull(outcome.Window);
            Assert.NotEmpty(outcome.Result.Rows);
            Assert.All(outcome.Result.Rows, r => Assert.Equal(finding.Result["dest"].FirstText, r["dest"].FirstText));

            // The finding's own row is among them, counted the same.
            Assert.Contains(outcome.Result.Rows, r =>
                r["ModuleDll"].FirstText == finding.Result["ModuleDll"].FirstText && r["count"].FirstText == finding.Result["count"].FirstText);
        }
    }
}
