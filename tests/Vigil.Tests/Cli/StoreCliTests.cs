using System.Text.Json;
using Vigil.Store;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>
/// Hunts recorded in a store, and what vigil findings, risk and report read back from it. The sample holds four IIS
/// module findings: three on web01.contoso.local (2022-12-20 17:05:50, 2022-12-21 02:48:01, 08:15:42 UTC) and one on
/// win-dc-exch01.attackrange.local (2022-12-20 15:58:25), each raising 25.
/// </summary>
public sealed class StoreCliTests : IDisposable
{
    private const string Web01 = "web01.contoso.local";
    private const string Exch01 = "win-dc-exch01.attackrange.local";
    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    private readonly TempDirectory _dir = new();

    private string Store => Path.Combine(_dir.Path, "vigil.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Findings_are_listed_newest_first_and_the_filters_narrow_them()
    {
        Hunt();

        var all = Findings();
        Assert.Equal(4, all.Count);
        var times = all.Select(f => f.GetProperty("time").GetString()!).ToList();
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.StartsWith("2022-12-21T08:15:42", times[0], StringComparison.Ordinal);

        Assert.Equal(Exch01, Assert.Single(Findings("--entity", "WIN-DC-EXCH01.attackrange.local")).GetProperty("risk")[0].GetProperty("risk_object").GetString());
        Assert.Equal(4, Findings("--detection", "40c2ba5b-dd6a-496b-9e6e-c9524d0be167").Count);
        Assert.Equal(4, Findings("--detection", "module failed").Count);
        Assert.Empty(Findings("--detection", "No Such Detection"));
        Assert.Equal(2, Findings("--since", "2022-12-21").Count);
        Assert.Equal(2, Findings("--until", "2022-12-21T00:00:00Z").Count);
        Assert.Single(Findings("--since", "2022-12-21T03:00:00+01:00", "--until", "2022-12-21T08:00:00"));
        Assert.Single(Findings("--since", "2022-12-21T09:00:00", "--tz", "Europe/Berlin"));
        Assert.Empty(Findings("--since", "-7d@d"));
        Assert.Equal(4, Findings("--until", "now").Count);
        Assert.Equal(times[0], Assert.Single(Findings("--limit", "1")).GetProperty("time").GetString());

        // The table shows 12 hex digits of each id; any unique prefix shows that finding in full.
        var id = all[0].GetProperty("id").GetString()!;
        var table = RunVigil("findings", "--store", Store);
        Assert.Equal(0, table.Exit);
        Assert.Contains(id[..12], table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(id, table.Out, StringComparison.Ordinal);
        Assert.Contains("4 of 4 findings shown", table.Err, StringComparison.Ordinal);
        var one = RunVigil("findings", id[..8], "--store", Store);
        Assert.Equal(0, one.Exit);
        Assert.Contains(id, one.Out, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(Sample), one.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Hunting_the_same_inputs_again_adds_nothing_and_says_so()
    {
        var first = RunVigil("hunt", Sample, "--store", Store, "--no-progress");
        Assert.Equal(0, first.Exit);
        Assert.Matches($@"Store\s+{System.Text.RegularExpressions.Regex.Escape(Store)}: 4 new findings, 0 already stored", first.Out);
        var riskBefore = Risk().Sum(e => e.GetProperty("risk_event_count").GetInt32());

        var second = RunVigil("hunt", Sample, "--store", Store, "--no-progress");
        Assert.Equal(0, second.Exit);
        Assert.Contains(": 0 new findings, 4 already stored", second.Out, StringComparison.Ordinal);
        Assert.Equal(4, Findings().Count);
        Assert.Equal(riskBefore, Risk().Sum(e => e.GetProperty("risk_event_count").GetInt32()));

        // Output other than the table says it in the one-line summary on stderr.
        var jsonl = RunVigil("hunt", Sample, "--store", Store, "--no-progress", "-f", "jsonl");
        Assert.Contains($"store {Store}: 0 new findings, 4 already stored", jsonl.Err, StringComparison.Ordinal);
        using var store = VigilStore.OpenExisting(Store);
        Assert.Equal(3, store.Runs().Count);
    }

    [Fact]
    public void Risk_ranks_entities_by_summed_score_with_the_ES_risk_field_names()
    {
        Hunt();

        var ranking = Risk();
        Assert.Equal([Web01, Exch01], ranking.Select(e => e.GetProperty("risk_object").GetString()));
        var web01 = ranking[0];
        Assert.Equal(
            ["risk_object", "risk_object_type", "risk_score", "risk_event_count", "source", "annotations.mitre_attack.mitre_tactic", "firstTime", "lastTime"],
            web01.EnumerateObject().Select(p => p.Name));
        Assert.Equal(75, web01.GetProperty("risk_score").GetInt64());
        Assert.Equal(3, web01.GetProperty("risk_event_count").GetInt32());
        Assert.Equal("system", web01.GetProperty("risk_object_type").GetString());
        Assert.Equal(["ESCU - Windows IIS Components Module Failed to Load - Rule"], web01.GetProperty("source").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["persistence"], web01.GetProperty("annotations.mitre_attack.mitre_tactic").EnumerateArray().Select(s => s.GetString()));
        Assert.StartsWith("2022-12-20T17:05:50", web01.GetProperty("firstTime").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2022-12-21T08:15:42", web01.GetProperty("lastTime").GetString(), StringComparison.Ordinal);

        // The sum is over the window: from 2022-12-21 web01 keeps two of its three risk events.
        var windowed = Assert.Single(Risk("--since", "2022-12-21"));
        Assert.Equal(50, windowed.GetProperty("risk_score").GetInt64());

        var jsonl = RunVigil("risk", "--store", Store, "-f", "jsonl").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, jsonl.Length);
        var table = RunVigil("risk", "--store", Store);
        Assert.Contains(Web01, table.Out, StringComparison.Ordinal);
        Assert.Contains("75", table.Out, StringComparison.Ordinal);
        Assert.Contains("2 entities", table.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Risk_with_an_entity_gives_its_timeline_oldest_first()
    {
        Hunt();

        var (exit, output, errors) = RunVigil("risk", "WEB01.contoso.local", "--store", Store, "-f", "json");
        Assert.Equal(0, exit);
        var timeline = Parse(output);
        Assert.Equal(3, timeline.Count);
        var times = timeline.Select(e => e.GetProperty("_time").GetString()!).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
        Assert.All(timeline, e =>
        {
            Assert.Equal(Web01, e.GetProperty("risk_object").GetString());
            Assert.Equal(25, e.GetProperty("risk_score").GetInt32());
            Assert.Equal("Windows IIS Components Module Failed to Load", e.GetProperty("detection").GetString());
            Assert.Equal("ESCU - Windows IIS Components Module Failed to Load - Rule", e.GetProperty("search_name").GetString());
        });
        Assert.Contains("owa_auth.dll", timeline[1].GetProperty("risk_message").GetString(), StringComparison.Ordinal);
        Assert.Contains("3 risk events on web01.contoso.local, 75 in all", errors, StringComparison.Ordinal);

        var table = RunVigil("risk", Web01, "--store", Store, "--tz", "Asia/Tokyo").Out;
        Assert.Contains("2022-12-21 02:05:50+09:00", table, StringComparison.Ordinal);
        Assert.Contains("rewrite.dll", table, StringComparison.Ordinal);

        var nobody = RunVigil("risk", "nobody", "--store", Store);
        Assert.Equal(0, nobody.Exit);
        Assert.Contains("no risk events on nobody", nobody.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_writes_a_page_naming_each_entity_and_needs_a_hunt_first()
    {
        var page = Path.Combine(_dir.Path, "report.html");

        // A hunt that reads nothing (an empty folder) creates the store but records no run.
        Assert.Equal(2, RunVigil("hunt", Directory.CreateDirectory(Path.Combine(_dir.Path, "empty")).FullName, "--store", Store).Exit);
        var empty = RunVigil("report", "--html", page, "--store", Store);
        Assert.Equal(2, empty.Exit);
        Assert.Equal($"error: no hunts stored in {Store} yet; run vigil hunt first", empty.Err.Trim());
        Assert.False(File.Exists(page));

        Hunt();
        var (exit, _, errors) = RunVigil("report", "--html", page, "--store", Store);
        Assert.Equal(0, exit);
        Assert.Contains("4 findings, 4 risk events", errors, StringComparison.Ordinal);
        var html = File.ReadAllText(page);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains(Web01, html, StringComparison.Ordinal);
        Assert.Contains(Exch01, html, StringComparison.Ordinal);

        // The window narrows the page: before 2022-12-20 16:00 only win-dc-exch01 had risk.
        Assert.Equal(0, RunVigil("report", "--html", page, "--store", Store, "--until", "2022-12-20T16:00:00Z").Exit);
        html = File.ReadAllText(page);
        Assert.Contains(Exch01, html, StringComparison.Ordinal);
        Assert.DoesNotContain(Web01, html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_that_cannot_be_opened_is_one_line_and_exit_2_before_any_input_is_read()
    {
        // An input that exists (so the command line is valid) and would be warned about if it were read.
        var unread = _dir.Write("inputs/unread.log", "not an event log");
        foreach (var store in new[]
                 {
                     Path.Combine(_dir.Path, "no-such-folder", "vigil.db"),
                     _dir.Write("not-a-folder", "x") + "/vigil.db",
                     _dir.Path,
                     _dir.Write("garbage.db", new string('x', 8192)),
                 })
        {
            var (exit, output, errors) = RunVigil("hunt", unread, "--store", store);
            Assert.Equal(2, exit);
            Assert.Empty(output);
            var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.Contains("store", line, StringComparison.Ordinal);

            // The input was never looked at: it would be warned about otherwise.
            Assert.DoesNotContain("unread.log", errors, StringComparison.Ordinal);
        }

        Assert.Equal(2, RunVigil("hunt", Sample, "--store", Store, "--no-store").Exit);
        var readMissing = RunVigil("findings", "--store", Path.Combine(_dir.Path, "nothing-here.db"));
        Assert.Equal(2, readMissing.Exit);
        Assert.StartsWith("error: no store at ", readMissing.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "nothing-here.db")));
    }

    [Fact]
    public void Usage_errors_are_one_line_and_exit_2()
    {
        foreach (var args in new[]
                 {
                     new[] { "findings", "--format", "xml", "--store", Store },
                     ["findings", "--limit", "-1", "--store", Store],
                     ["findings", "--since", "yesterday-ish", "--store", Store],
                     ["risk", "--tz", "Mars/Olympus", "--store", Store],
                     ["report", "--store", Store],
                 })
        {
            var (exit, output, errors) = RunVigil(args);
            Assert.Equal(2, exit);
            Assert.Empty(output);
            Assert.StartsWith("error: ", Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_default_store_is_in_the_users_data_directory_and_no_store_writes_nothing()
    {
        var data = Path.Combine(_dir.Path, "data");
        var home = Path.Combine(_dir.Path, "home");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(home);
        var environment = new Dictionary<string, string?>
        {
            [StorePaths.EnvironmentVariable] = null,
            ["XDG_DATA_HOME"] = data,
            ["HOME"] = home,
            ["LOCALAPPDATA"] = data,
        };

        var skipped = await VigilProcess.RunAsync(environment, "hunt", Sample, "--no-store", "--no-progress");
        Assert.Equal(0, skipped.Exit);
        Assert.DoesNotContain("Store", skipped.Out, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(data));
        Assert.Empty(Directory.GetFileSystemEntries(home));

        var recorded = await VigilProcess.RunAsync(environment, "hunt", Sample, "--no-progress");
        Assert.Equal(0, recorded.Exit);
        var expected = OperatingSystem.IsWindows() ? Path.Combine(data, "Vigil", "vigil.db") : Path.Combine(data, "vigil", "vigil.db");
        Assert.True(File.Exists(expected), $"no store at {expected}: {recorded.Err}");
        Assert.Contains($"{expected}: 4 new findings", recorded.Out, StringComparison.Ordinal);

        // VIGIL_STORE names another store, which the reading commands use too.
        environment[StorePaths.EnvironmentVariable] = Store;
        Assert.Equal(0, (await VigilProcess.RunAsync(environment, "hunt", Sample, "--no-progress", "-f", "jsonl")).Exit);
        var listed = await VigilProcess.RunAsync(environment, "findings", "-f", "jsonl");
        Assert.Equal(4, listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(Store, listed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Escu_over_real_evtx_ranks_the_risk_its_findings_raise_and_a_second_hunt_adds_nothing()
    {
        var escu = TestPaths.RequireShared("escu");
        var evtx = TestPaths.RequireShared("evtx", "deepbluecli");

        string[] hunt = ["hunt", evtx, "--content", escu, "--store", Store, "--no-progress", "-f", "jsonl"];
        var first = RunVigil(hunt);
        Assert.Equal(0, first.Exit);
        var findings = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(findings.Count > 50, $"only {findings.Count} findings from {evtx}");
        var distinct = findings.Select(f => f.GetProperty("id").GetString()).Distinct().Count();
        Assert.Contains($": {distinct} new findings, 0 already stored", first.Err, StringComparison.Ordinal);

        var ranking = Risk();
        var raised = findings.DistinctBy(f => f.GetProperty("id").GetString()).Sum(f => f.GetProperty("risk").EnumerateArray().Sum(r => r.GetProperty("risk_score").GetInt64()));
        Assert.Equal(raised, ranking.Sum(e => e.GetProperty("risk_score").GetInt64()));
        var scores = ranking.Select(e => e.GetProperty("risk_score").GetInt64()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);

        var second = RunVigil(hunt);
        Assert.Contains($": 0 new findings, {distinct} already stored", second.Err, StringComparison.Ordinal);
        Assert.Equal(raised, Risk().Sum(e => e.GetProperty("risk_score").GetInt64()));
        Assert.Equal(distinct, Findings("--limit", "0").Count);

        var page = Path.Combine(_dir.Path, "report.html");
        Assert.Equal(0, RunVigil("report", "--html", page, "--store", Store).Exit);
        var html = File.ReadAllText(page);
        foreach (var entity in ranking.Select(e => e.GetProperty("risk_object").GetString()!).Where(e => e.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
        {
            Assert.Contains(entity, html, StringComparison.OrdinalIgnoreCase);
        }
    }

    private void Hunt()
    {
        var (exit, _, errors) = RunVigil("hunt", Sample, "--store", Store, "--no-progress", "-f", "jsonl");
        Assert.True(exit == 0, errors);
    }

    private List<JsonElement> Findings(params string[] filters)
    {
        var (exit, output, errors) = RunVigil(["findings", "--store", Store, "-f", "jsonl", .. filters]);
        Assert.True(exit == 0, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    private List<JsonElement> Risk(params string[] filters)
    {
        var (exit, output, errors) = RunVigil(["risk", "--store", Store, "-f", "json", .. filters]);
        Assert.True(exit == 0, errors);
        return Parse(output);
    }

    private static List<JsonElement> Parse(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
}
