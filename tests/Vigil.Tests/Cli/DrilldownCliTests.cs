using System.Text.Json;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>
/// The seed's drilldowns from the command line, after hunts recorded in a store: the second returns per host the
/// table ES shows from the risk index, unchanged by a second identical hunt; the first re-runs the detection over the
/// finding's inputs; <c>vigil search</c> reads the store for the same search.
/// </summary>
public sealed class DrilldownCliTests : IDisposable
{
    private const string Seed = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private const string Exch01 = "win-dc-exch01.attackrange.local";
    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    private readonly TempDirectory _dir = new();

    private string Store => Path.Combine(_dir.Path, "vigil.db");

    public void Dispose() => _dir.Dispose();

    private void Hunt() => Assert.Equal(0, RunVigil("hunt", Sample, "--store", Store, "--detection", Seed, "--no-progress", "-f", "jsonl").Exit);

    private string FindingOn(string host)
    {
        var (exit, output, _) = RunVigil("findings", "--store", Store, "--entity", host, "--format", "jsonl");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single());
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private List<Dictionary<string, JsonElement>> Drilldown(string id, int n)
    {
        var (exit, output, errors) = RunVigil("drilldown", id[..12], n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Store, "-f", "json", "--no-progress");
        Assert.True(exit == 0, errors);
        return JsonSerializer.Deserialize<List<Dictionary<string, JsonElement>>>(output)!;
    }

    [Fact]
    public void The_risk_drilldown_returns_the_hosts_table_and_a_second_identical_hunt_leaves_it_unchanged()
    {
        Hunt();
        var id = FindingOn(Exch01);
        var rows = Drilldown(id, 2);
        var row = Assert.Single(rows);
        Assert.Equal(
            ["normalized_risk_object", "count", "firstTime", "lastTime", "Search Name", "Risk Message", "Analytic Stories", "Annotations", "ATT&CK Tactics"],
            row.Keys);
        Assert.Equal(Exch01, row["normalized_risk_object"].GetString());
        Assert.Equal("1", row["count"].GetString());
        Assert.Equal("2022-12-20T15:58:25", row["firstTime"].GetString());
        Assert.Equal("2022-12-20T15:58:25", row["lastTime"].GetString());
        Assert.Equal("ESCU - Windows IIS Components Module Failed to Load - Rule", row["Search Name"].GetString());
        Assert.Contains("c:\\temp\\msf.dll", row["Risk Message"].GetString(), StringComparison.Ordinal);
        Assert.Equal("IIS Components", row["Analytic Stories"].GetString());
        Assert.Equal(["IIS Components", "T1505", "T1505.004", "persistence"], row["Annotations"].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("persistence", row["ATT&CK Tactics"].GetString());

        Hunt();
        Assert.Equal(FindingOn(Exch01), id);
        Assert.Equal(JsonSerializer.Serialize(rows), JsonSerializer.Serialize(Drilldown(id, 2)));
    }

    [Fact]
    public void The_detection_drilldown_reruns_the_search_over_the_findings_inputs_for_that_host()
    {
        Hunt();
        var rows = Drilldown(FindingOn(Exch01), 1);
        var row = Assert.Single(rows);
        Assert.Equal(Exch01, row["dest"].GetString());
        Assert.Equal("c:\\temp\\msf.dll", row["ModuleDll"].GetString());
        Assert.Equal("3", row["count"].GetString());
    }

    [Fact]
    public void Listing_fills_the_tokens_and_errors_are_one_line()
    {
        Hunt();
        var id = FindingOn(Exch01);
        var (exit, output, _) = RunVigil("drilldown", id, "--store", Store);
        Assert.Equal(0, exit);
        Assert.Contains("normalized_risk_object IN (\"win-dc-exch01.attackrange.local\")", output, StringComparison.Ordinal);
        Assert.Contains("| search  dest = \"win-dc-exch01.attackrange.local\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("$dest$", output, StringComparison.Ordinal);

        var none = RunVigil("drilldown", id, "3", "--store", Store);
        Assert.Equal(2, none.Exit);
        Assert.Equal("error: there is no drilldown 3: 'Windows IIS Components Module Failed to Load' has 2 (1 to 2)", none.Err.Trim());
        var unknown = RunVigil("drilldown", "ffffffff", "--store", Store);
        Assert.Equal(2, unknown.Exit);
        Assert.Single(unknown.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Search_reads_the_store_for_a_search_of_the_risk_index_and_refuses_paths_with_it()
    {
        Hunt();
        const string Search = "| from datamodel Risk.All_Risk | stats sum(risk_score) as score count by normalized_risk_object | sort - score";
        var (exit, output, errors) = RunVigil("search", Search, "--store", Store, "-f", "csv");
        Assert.True(exit == 0, errors);
        Assert.Equal(["normalized_risk_object,score,count", "web01.contoso.local,75,3", "win-dc-exch01.attackrange.local,25,1"], output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        var tstats = RunVigil("search", "| tstats count from datamodel=Risk.All_Risk by All_Risk.risk_object_type", "--store", Store, "-f", "csv");
        Assert.Equal(["All_Risk.risk_object_type,count", "system,4"], tstats.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, RunVigil("search", Search, Sample, "--store", Store).Exit);
        Assert.Equal(2, RunVigil("search", "EventCode=2282 | stats count").Exit);
    }
}
