using Vigil.Content.Model;
using Vigil.Findings;
using Vigil.Findings.Drilldowns;
using Vigil.Hunt;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Findings;

/// <summary>Drilldown tokens are filled so that no value, however hostile, can change the search around it.</summary>
public class DrilldownSearchTests
{
    private const string SeedId = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";

    public static TheoryData<string> HostileValues() =>
    [
        "web01",
        "a\" OR dest=\"*",
        "x\\\" | delete",
        "`comment(\"x\")`",
        "$info_min_time$",
        "c:\\temp\\",
        "| makeresults count=5",
        "web01 OR *",
        "\"",
        "\\",
        "a\\\"b",
        "two\nlines",
        "[| makeresults]",
    ];

    private static Finding FindingFor(string dest)
    {
        var detection = LoadedContent.Shipped().Library.Find(SeedId)!;
        var row = Row(("dest", dest), ("count", "1"));
        return FindingBuilder.Build(detection, ["dest", "count"], row);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void A_value_in_quotes_or_bare_stays_one_value(string dest)
    {
        var rows = new[] { Row(("dest", dest)), Row(("dest", dest + "x")), Row(("dest", "other")) };
        foreach (var template in new[] { "search dest = \"$dest$\" | stats count by dest", "search dest=$dest$ | stats count by dest", "search dest IN (\"$dest$\") | stats count by dest" })
        {
            var search = DrilldownSearch.FillTokens(template, _ => dest, quote: true);
            var pipeline = SplPipeline.Compile(search, new Vigil.Spl.Definitions.SplDefinitions());
            Assert.Single(pipeline.Commands); // the stats, nothing injected
            var result = Run(search, rows).Rows.Select(r => r["dest"].ToString()).ToList();
            Assert.Contains(dest, result);
            Assert.DoesNotContain("other", result);

            // Search has no escape for *: it stays a wildcard, as in Splunk (host names never hold one).
            Assert.Equal(dest.Contains('*', StringComparison.Ordinal) ? 2 : 1, result.Count);
        }
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void The_seeds_drilldowns_compile_with_any_host_name_and_keep_their_commands(string dest)
    {
        var content = LoadedContent.Shipped();
        var finding = FindingFor(dest);
        var first = DrilldownSearch.Fill(finding.Detection.Drilldowns[0], finding);
        var original = SplPipeline.Compile(finding.Detection.Search, content.Definitions);
        var filled = SplPipeline.Compile(first.Search, content.Definitions);
        Assert.Equal(original.Commands.Count + 1, filled.Commands.Count);
        Assert.StartsWith(finding.Detection.Search, first.Search, StringComparison.Ordinal);
        Assert.Contains(dest.Replace("\n", string.Empty, StringComparison.Ordinal)[..Math.Min(3, dest.Replace("\n", string.Empty, StringComparison.Ordinal).Length)], first.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_tokens_are_the_findings_event_range_with_an_exclusive_end()
    {
        var detection = LoadedContent.Shipped().Library.Find(SeedId)!;
        var row = Row(("dest", "web01"));
        row.Evidence = Vigil.Spl.Values.Evidence.Combine(
            Vigil.Spl.Values.Evidence.Of("a", Timestamp.FromDateTime(new DateTime(2022, 12, 20, 15, 12, 9, 500, DateTimeKind.Utc))),
            Vigil.Spl.Values.Evidence.Of("b", Timestamp.FromDateTime(new DateTime(2022, 12, 20, 15, 58, 25, 325, DateTimeKind.Utc))));
        var finding = FindingBuilder.Build(detection, ["dest"], row);
        var drilldown = DrilldownSearch.Fill(new Drilldown("x", "search earliest=$info_min_time$ latest=$info_max_time$ dest=\"$dest$\"", "$info_min_time$", "$info_max_time$"), finding);
        var earliest = new DateTimeOffset(2022, 12, 20, 15, 12, 9, TimeSpan.Zero).ToUnixTimeSeconds();
        var latest = new DateTimeOffset(2022, 12, 20, 15, 58, 26, TimeSpan.Zero).ToUnixTimeSeconds();
        Assert.Equal($"search earliest=\"{earliest}\" latest=\"{latest}\" dest=\"web01\"", drilldown.Search);
        Assert.Equal(earliest, drilldown.Earliest!.Value.UnixTicks / Timestamp.TicksPerSecond);
        Assert.Equal(latest, drilldown.Latest!.Value.UnixTicks / Timestamp.TicksPerSecond);
    }

    [Fact]
    public void A_missing_or_multivalue_field_is_noted()
    {
        var detection = LoadedContent.Shipped().Library.Find(SeedId)!;
        var row = Row(("dest", "web01"));
        row["dest"] = Value.FromMany(["web01", "web02"]);
        var finding = FindingBuilder.Build(detection, ["dest"], row);
        var filled = DrilldownSearch.Fill(new Drilldown("$dest$ $user$", "search dest=\"$dest$\" user=\"$user$\"", null, null), finding);
        Assert.Equal("search dest=\"web01\" user=\"\"", filled.Search);
        Assert.Equal(2, filled.Notes.Count);
    }
}
