using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Authoring;

/// <summary>vigil validate as a user runs it: the shipped seed, ESCU as it stands, and content with faults.</summary>
public partial class ValidateCliTests
{
    [Fact]
    public void The_shipped_seed_validates_clean_and_runs_here()
    {
        var (exit, output, _) = RunVigil("validate");
        Assert.Equal(0, exit);
        Assert.Contains("Windows IIS Components Module Failed to Load\t40c2ba5b-dd6a-496b-9e6e-c9524d0be167\tok\truns here", output, StringComparison.Ordinal);
        Assert.Contains("validate: 9 detections, 9 run here, 0 cannot; 0 with errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Escu_every_detection_is_reported_and_runs_here_counts_equal_vigil_detections()
    {
        var escu = TestPaths.RequireShared("escu");
        var (exit, output, _) = RunVigil("validate", "--content", escu, "--format", "json");
        var detections = RunVigil("detections", "--content", escu);
        var listed = detections.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var summary = DetectionsSummary().Match(detections.Err);
        Assert.True(summary.Success, detections.Err);

        using var json = JsonDocument.Parse(output);
        var reported = json.RootElement.GetProperty("detections").EnumerateArray().ToList();
        Assert.Equal(listed.Length, reported.Count);
        Assert.Equal(int.Parse(summary.Groups["loaded"].Value, System.Globalization.CultureInfo.InvariantCulture), reported.Count);
        var runHere = json.RootElement.GetProperty("summary").GetProperty("run_here").GetInt32();
        Assert.Equal(int.Parse(summary.Groups["run"].Value, System.Globalization.CultureInfo.InvariantCulture), runHere);
        Assert.Equal(listed.Count(l => l.EndsWith("\truns", StringComparison.Ordinal)), reported.Count(d => d.GetProperty("runs_here").GetBoolean()));

        // ESCU at b13b314 has real faults (data source names that match no data source, risk fields its searches drop).
        Assert.Equal(1, exit);
        Assert.All(reported.SelectMany(d => d.GetProperty("diagnostics").EnumerateArray()), d =>
        {
            Assert.Matches("^VAL0[0-9]{2}$", d.GetProperty("id").GetString());
            Assert.Contains(d.GetProperty("severity").GetString(), new[] { "error", "warning", "info" });
            Assert.True(d.GetProperty("line").GetInt32() >= 1);
        });
    }

    [Fact]
    public void Faults_are_errors_with_file_line_and_spl_column_and_exit_1()
    {
        using var dir = new TempDirectory();
        var longName = "Windows Detection Whose Name Is Far Too Long For Enterprise Security To Edit";
        var file = dir.Write("detections/bad.yml", $"""
            name: {longName}
            id: not-a-guid
            version: 1
            date: '2024-01-01'
            author: Someone
            status: production
            type: TTP
            description: x
            data_source: []
            search: |-
              `wineventlog_application` EventCode=2282
              | stats count by dest
              | eval x=(1
            how_to_implement: x
            known_false_positives: x
            rba:
              message: seen on $dest$ by $user$
              risk_objects: []
              threat_objects: []
            tags:
              analytic_story:
              - No Such Story
              asset_type: Endpoint
              product:
              - Splunk Enterprise
              security_domain: endpoint
            """);
        dir.Write("detections/good.yml", """
            name: Risk Field Check
            id: 11111111-2222-3333-4444-555555555555
            version: 1
            date: '2024-01-01'
            author: Someone
            status: production
            type: Anomaly
            description: x
            search: '`wineventlog_application` EventCode=2282 | stats count by dest | `risk_field_check_filter`'
            how_to_implement: x
            known_false_positives: x
            rba:
              message: module $ModuleDll$ on $dest$
              risk_objects:
              - field: dest
                type: system
                score: 10
              threat_objects: []
            tags:
              analytic_story: []
              asset_type: Endpoint
              product: []
              security_domain: endpoint
            tests: []
            """);
        var (exit, output, _) = RunVigil("validate", "--content", dir.Path);
        Assert.Equal(1, exit);
        Assert.Contains($"{file}:1: error VAL004: name is {longName.Length} characters", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:2: error VAL005: id 'not-a-guid' is not a GUID", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:10: error VAL010: the search does not call its filter macro", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:18: error VAL023: a production TTP detection needs a risk object", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:21: error VAL031: analytic story 'No Such Story' is not defined", output, StringComparison.Ordinal);
        Assert.Contains($"{file}:13: error VAL040:", output, StringComparison.Ordinal);
        Assert.Matches(@"bad\.yml:13: error VAL040: .*\(SPL column \d+\)", output);
        Assert.Contains("error VAL020: risk message token $ModuleDll$ is not a field of the results (dest, count)", output, StringComparison.Ordinal);
        Assert.Contains("info VAL011: filter macro 'risk_field_check_filter' is not defined", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+1  error    VAL004 name longer than 67 characters", output);
    }

    [Fact]
    public void A_usage_error_is_one_line_and_exit_2()
    {
        var (exit, output, errors) = RunVigil("validate", "--format", "xml");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [GeneratedRegex(@"detections: (?<loaded>\d+) loaded, (?<run>\d+) run here")]
    private static partial Regex DetectionsSummary();
}
