using System.Text.Json;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil search</c>: any supported search over files, in hunt's output formats.</summary>
public class SearchCliTests
{
    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    [Fact]
    public void Csv_is_the_result_table_exactly()
    {
        var (exit, output, errors) = RunVigil("search", "`wineventlog_application` EventCode=2282 | stats count by dest | sort - count", Sample, "-f", "csv", "--no-progress");
        Assert.True(exit == 0, errors);
        Assert.Equal("dest,count\r\nweb01.contoso.local,7\r\nwin-dc-exch01.attackrange.local,3\r\n", output);
    }

    [Fact]
    public void Json_and_jsonl_hold_the_same_rows_and_the_table_counts_them()
    {
        const string Search = "`wineventlog_application` EventCode IN (2280, 2282) | stats count values(ModuleDll) as modules by EventCode";
        var lines = RunVigil("search", Search, Sample, "-f", "jsonl", "--no-progress").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var array = JsonDocument.Parse(RunVigil("search", Search, Sample, "-f", "json", "--no-progress").Out);
        Assert.Equal(lines.Select(l => JsonDocument.Parse(l).RootElement.GetRawText()), array.RootElement.EnumerateArray().Select(e => e.GetRawText()));
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("2280", first.GetProperty("EventCode").GetString());
        Assert.Equal(JsonValueKind.String, first.GetProperty("modules").ValueKind);
        var second = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(JsonValueKind.Array, second.GetProperty("modules").ValueKind);
        Assert.Contains("2 results", RunVigil("search", Search, Sample, "--no-progress").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_that_cannot_run_is_an_error_naming_its_cause()
    {
        var (exit, _, errors) = RunVigil("search", "EventCode=2282 | iplocation src", Sample, "--no-progress");
        Assert.Equal(2, exit);
        Assert.Contains("iplocation", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_search_that_reads_no_events_needs_no_path_and_one_that_does_still_asks_for_it()
    {
        var (exit, output, errors) = RunVigil("search", "| makeresults count=2 | eval x=1 | table x", "-f", "csv");
        Assert.True(exit == 0, errors);
        Assert.Equal("x\r\n1\r\n1\r\n", output);

        var events = RunVigil("search", "| makeresults | append [search EventCode=2282]", "-f", "csv");
        Assert.Equal(2, events.Exit);
        Assert.Contains("give the event files to search (PATH...)", events.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Escu_lookup_cells_written_after_a_comma_and_a_space_match_what_its_searches_test()
    {
        // dynamic_dns_providers_default.csv is written "*.ddns.net*, True" under "dynamic_dns_domains, isDynDNS_default",
        // and the macro ends in "search isDynDNS=True": Splunk runs it in ESCU's true-positive test on attack data.
        var escu = TestPaths.RequireShared("escu");
        const string Search = "| makeresults | eval query=split(\"x.ddns.net example.com\", \" \") | mvexpand query | `dynamic_dns_providers` | table query isDynDNS";
        var (exit, output, errors) = RunVigil("search", Search, "--content", escu, "-f", "csv");
        Assert.True(exit == 0, errors);
        Assert.Equal("query,isDynDNS\r\nx.ddns.net,True\r\n", output);
    }
}
