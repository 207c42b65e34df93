using System.Globalization;
using System.Text.Json;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>The command line as a user types it, run in-process with its output captured.</summary>
public class HuntCliTests
{
    // Vigil ships the IIS Components story's nine detections; these tests look at the seed's output alone.
    private const string Seed = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private static readonly string SplunkSample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
    private static readonly string WevtutilSample = Path.Combine(TestPaths.Samples, "Application.wevtutil.xml");

    [Fact]
    public void Csv_is_exactly_the_result_table()
    {
        var (exit, output, errors) = RunVigil("hunt", "--no-store", SplunkSample, "--format", "csv", "--detection", Seed);
        Assert.Equal(0, exit);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("EventCode,dest,Name,ModuleDll,count,firstTime,lastTime", lines[0]);
        Assert.Equal("2282,win-dc-exch01.attackrange.local,Microsoft-Windows-IIS-W3SVC-WP,c:\\temp\\msf.dll,3,2022-12-20T15:12:09,2022-12-20T15:58:25", lines[^1]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("summary: ", errors, StringComparison.Ordinal);
        Assert.Equal(output, RunVigil("hunt", "--no-store", WevtutilSample, "--format", "csv", "--detection", Seed).Out);
    }

    [Fact]
    public void Profile_lists_the_detections_whose_searches_took_longest_on_stderr()
    {
        var (exit, output, errors) = RunVigil("hunt", "--no-store", SplunkSample, "-f", "jsonl", "--profile");
        Assert.Equal(0, exit);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // First the phases, in order, each with its time and what it allocated; without --content or a store, none for them.
        var phases = Array.FindIndex(lines, l => l.StartsWith("profile: ", StringComparison.Ordinal));
        Assert.True(phases >= 0, errors);
        Assert.Matches(
            @"^profile: \d+\.\d{3} s from the command's start: knowledge and shipped content \d+\.\d{3} s \(\d+\.\d MiB allocated, \d+ collections, \d+ full, \d+\.\d{3} s paused\), "
            + @"search facts \d+\.\d{3} s \(\d+\.\d MiB allocated, \d+ collections, \d+ full, \d+\.\d{3} s paused\), compiling the detections \d+\.\d{3} s \(\d+\.\d MiB allocated, \d+ collections, \d+ full, \d+\.\d{3} s paused\), the hunt \d+\.\d{3} s \(\d+\.\d MiB allocated, \d+ collections, \d+ full, \d+\.\d{3} s paused\)$",
            lines[phases]);
        var heading = phases + 1;
        Assert.Matches(@"^profile: \d+ detections spent \d+\.\d\d s in their own search commands", lines[heading]);
        var listed = lines.Skip(heading + 1).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, l => Assert.Matches(@"^\d+\.\d ms  .+ \(\d+ events? taken\)$", l));
        Assert.Contains(listed, l => l.EndsWith("  Windows IIS Components Module Failed to Load (10 events taken)", StringComparison.Ordinal));

        // The findings are those of a hunt without it; without it, no profile.
        var plain = RunVigil("hunt", "--no-store", SplunkSample, "-f", "jsonl");
        Assert.Equal(plain.Out.Split('\n').Length, output.Split('\n').Length);
        Assert.DoesNotContain("profile: ", plain.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_gives_one_finding_a_line_with_result_risk_and_annotations()
    {
        var (exit, output, _) = RunVigil("hunt", "--no-store", SplunkSample, "-f", "jsonl", "--detection", "40c2ba5b-dd6a-496b-9e6e-c9524d0be167");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.Equal(["id", "detection", "detection_id", "search_name", "time", "first_time", "result", "risk", "threat_objects", "risk_message", "mitre_attack", "mitre_tactics", "analytic_story", "evidence", "evidence_total", "triage"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ESCU - Windows IIS Components Module Failed to Load - Rule", root.GetProperty("search_name").GetString());
        Assert.Equal(["persistence"], root.GetProperty("mitre_tactics").EnumerateArray().Select(e => e.GetString()));
        Assert.Matches("^[0-9a-f]{32}$", root.GetProperty("id").GetString()!);
        Assert.Equal("Windows IIS Components Module Failed to Load", root.GetProperty("detection").GetString());
        Assert.Equal(["EventCode", "dest", "Name", "ModuleDll", "count", "firstTime", "lastTime"], root.GetProperty("result").EnumerateObject().Select(p => p.Name));
        Assert.Equal("c:\\temp\\msf.dll", root.GetProperty("result").GetProperty("ModuleDll").GetString());
        var risk = Assert.Single(root.GetProperty("risk").EnumerateArray());
        Assert.Equal("win-dc-exch01.attackrange.local", risk.GetProperty("risk_object").GetString());
        Assert.Equal("system", risk.GetProperty("risk_object_type").GetString());
        Assert.Equal(25, risk.GetProperty("risk_score").GetInt32());
        Assert.Equal("IIS on win-dc-exch01.attackrange.local refused to load module c:\\temp\\msf.dll, built for the wrong processor architecture (events: 3); check that the module is legitimate.", root.GetProperty("risk_message").GetString());
        Assert.Equal(["T1505", "T1505.004"], root.GetProperty("mitre_attack").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["IIS Components"], root.GetProperty("analytic_story").EnumerateArray().Select(e => e.GetString()));

        // The evidence names each event behind the row: opening the file at that line finds it.
        var evidence = root.GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(root.GetProperty("result").GetProperty("count").GetString(), evidence.Count.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(evidence.Count, root.GetProperty("evidence_total").GetInt32());
        var sampleLines = File.ReadAllLines(SplunkSample);
        foreach (var reference in evidence)
        {
            Assert.Equal(Path.GetFullPath(SplunkSample), Path.GetFullPath(reference.GetProperty("path").GetString()!));
            var text = sampleLines[reference.GetProperty("line").GetInt32() - 1];
            Assert.StartsWith("<Event", text, StringComparison.Ordinal);
            Assert.Contains(">2282<", text, StringComparison.Ordinal);
            Assert.Contains("c:\\temp\\msf.dll", text, StringComparison.Ordinal);
            Assert.Contains("win-dc-exch01.attackrange.local", text, StringComparison.Ordinal);
            Assert.Contains(reference.GetProperty("time").GetString()![..19], text, StringComparison.Ordinal);
        }

        Assert.Equal(evidence.Max(e => e.GetProperty("time").GetString()), root.GetProperty("time").GetString());

        var array = RunVigil("hunt", "--no-store", SplunkSample, "--format", "json").Out;
        using var all = JsonDocument.Parse(array);
        Assert.Equal(lines.Select(l => JsonDocument.Parse(l).RootElement.GetRawText()), all.RootElement.EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public void Table_shows_each_detection_with_risk_and_MITRE_then_the_summary()
    {
        var (exit, output, _) = RunVigil("hunt", "--no-store", SplunkSample, "--detection", Seed);
        Assert.Equal(0, exit);
        Assert.Contains("Windows IIS Components Module Failed to Load", output, StringComparison.Ordinal);
        Assert.Contains("risk 25 to dest (system)", output, StringComparison.Ordinal);
        Assert.Contains("MITRE T1505, T1505.004", output, StringComparison.Ordinal);
        Assert.Matches(@"EventCode\s*│\s*dest\s*│\s*Name\s*│\s*ModuleDll\s*│\s*count\s*│\s*firstTime\s*│\s*lastTime", output);
        Assert.Contains("c:\\temp\\msf.dll", output, StringComparison.Ordinal);
        Assert.Contains("Events    68 events (0 salvaged, 0 recovered): 14 parsed, 54 skipped (54 no search could match)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_render_in_the_zone_given()
    {
        var utc = RunVigil("hunt", "--no-store", SplunkSample, "-f", "csv", "--detection", Seed).Out;
        var tokyo = RunVigil("hunt", "--no-store", SplunkSample, "-f", "csv", "--tz", "Asia/Tokyo", "--detection", Seed).Out;
        Assert.Contains(",2022-12-20T15:58:25\r\n", utc, StringComparison.Ordinal);
        Assert.Contains(",2022-12-21T00:58:25\r\n", tokyo, StringComparison.Ordinal);
        var (exit, _, errors) = RunVigil("hunt", "--no-store", SplunkSample, "--tz", "Mars/Olympus");
        Assert.Equal(2, exit);
        Assert.Contains("unknown time zone 'Mars/Olympus'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_input_warns_and_counts_and_fails_only_with_strict()
    {
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(SplunkSample).ToList();
        lines[5] = lines[5][..100];
        var damaged = dir.Write("damaged.log", string.Join("\n", lines));
        var (exit, output, errors) = RunVigil("hunt", "--no-store", damaged, "-f", "csv", "--detection", Seed);
        Assert.Equal(0, exit);
        Assert.Contains($"warning: {damaged}:6: truncated event", errors, StringComparison.Ordinal);
        Assert.Contains("events 68 events (0 salvaged, 0 recovered): 14 parsed, 54 skipped (53 no search could match, 1 not well-formed)", errors, StringComparison.Ordinal);
        Assert.Contains($"input: {damaged}: ", errors, StringComparison.Ordinal);
        Assert.Equal(5, output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(1, RunVigil("hunt", "--no-store", damaged, "-f", "csv", "--strict", "--detection", Seed).Exit);
        Assert.Equal(0, RunVigil("hunt", "--no-store", SplunkSample, "-f", "csv", "--strict", "--detection", Seed).Exit);
    }

    [Fact]
    public void Output_goes_to_a_file_when_asked()
    {
        using var dir = new TempDirectory();
        var target = Path.Combine(dir.Path, "findings.jsonl");
        var (exit, output, _) = RunVigil("hunt", "--no-store", SplunkSample, "-f", "jsonl", "-o", target);
        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Equal(4, File.ReadAllLines(target).Length);
    }

    [Fact]
    public void A_user_macro_file_tunes_the_filter_from_the_command_line()
    {
        using var dir = new TempDirectory();
        var macros = dir.Write("macros.yml", "name: windows_iis_components_module_failed_to_load_filter\ndefinition: search NOT ModuleDll=\"*inetsrv*\"\n");
        var output = RunVigil("hunt", "--no-store", SplunkSample, "-f", "csv", "--macros", macros, "--detection", Seed).Out;
        Assert.DoesNotContain("inetsrv", output, StringComparison.Ordinal);
        Assert.Equal(4, output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Errors_say_what_is_wrong_and_exit_2()
    {
        var unknown = RunVigil("hunt", "--no-store", SplunkSample, "--detection", "No Such Thing");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("no detection named or with id 'No Such Thing'", unknown.Err, StringComparison.Ordinal);

        var missing = RunVigil("hunt", "--no-store", "/nonexistent/file.log");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("/nonexistent/file.log: no such file or directory", missing.Err, StringComparison.Ordinal);

        using var dir = new TempDirectory();
        var broken = dir.Write("bad.yml", "name: x\ndefinition: [\n");
        var badMacros = RunVigil("hunt", "--no-store", SplunkSample, "--macros", broken);
        Assert.Equal(2, badMacros.Exit);
        Assert.Contains("error: content " + broken, badMacros.Err, StringComparison.Ordinal);

        var format = RunVigil("hunt", "--no-store", SplunkSample, "--format", "xml");
        Assert.NotEqual(0, format.Exit);
    }

    [Fact]
    public void A_selected_detection_that_cannot_run_is_an_error_naming_the_reason_and_csv_needs_one_detection()
    {
        using var dir = new TempDirectory();
        dir.Write("content/detections/tstats.yml", """
            name: Uses Mstats
            id: 88888888-0000-0000-0000-000000000000
            search: '| mstats count where metric_name=cpu by host'
            """);
        dir.Write("content/detections/other.yml", """
            name: Any Application Event
            id: 99999999-0000-0000-0000-000000000000
            search: '`wineventlog_application` | stats count by dest'
            """);
        var content = Path.Combine(dir.Path, "content");
        var (exit, _, errors) = RunVigil("hunt", "--no-store", SplunkSample, "--content", content, "--detection", "Uses Mstats");
        Assert.Equal(2, exit);
        Assert.Contains("unsupported generating command 'mstats'", errors, StringComparison.Ordinal);

        var csv = RunVigil("hunt", "--no-store", SplunkSample, "--content", content, "-f", "csv");
        Assert.Equal(2, csv.Exit);
        Assert.Contains("--format csv writes one detection's result table, but 10 detections are selected", csv.Err, StringComparison.Ordinal);

        var all = RunVigil("hunt", "--no-store", SplunkSample, "--content", content, "-f", "jsonl");
        Assert.Equal(0, all.Exit);
        Assert.Contains("1 detection cannot run here and is skipped (1 × unsupported generating command 'mstats'", all.Err, StringComparison.Ordinal);
        Assert.Contains("\"detection\":\"Any Application Event\"", all.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Detections_lists_what_is_loaded_and_whether_it_runs()
    {
        var (exit, output, errors) = RunVigil("detections");
        Assert.Equal(0, exit);
        Assert.Contains("Windows IIS Components Module Failed to Load [shipped]\t40c2ba5b-dd6a-496b-9e6e-c9524d0be167\trisk 25\tT1505,T1505.004\truns\n", output, StringComparison.Ordinal);
        Assert.Contains("detections: 9 loaded, 9 run here, 0 cannot", errors, StringComparison.Ordinal);
    }
}
