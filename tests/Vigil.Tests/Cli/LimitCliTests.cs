using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>
/// <c>--limit NAME=VALUE</c> on the commands that read inputs or run searches: checked before any work (a bad one is a
/// one-line usage error, exit 2), and in force once given: an input over a reader limit is a warning naming it and a
/// count in the summary, a search over an SPL limit an error naming it. And the per-input accounts on stderr.
/// </summary>
public partial class LimitCliTests
{
    private const string Seed = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";

    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    [Theory]
    [InlineData("hunt", "bogus=1", "there is no limit named 'bogus'")]
    [InlineData("hunt", "xml.event-size=0", "the value of xml.event-size must be a whole number from 1 to 536870912")]
    [InlineData("search", "spl.stats-groups=-5", "the value of spl.stats-groups must be a whole number from 1 to 2147483647")]
    [InlineData("export", "json.depth", "give NAME=VALUE, such as --limit xml.event-size=33554432")]
    [InlineData("export", "evtx.nesting-depth=257", "the value of evtx.nesting-depth must be a whole number from 1 to 256")]
    [InlineData("test", "spl.macro-depth=deep", "the value of spl.macro-depth must be a whole number from 1 to 1000")]
    [InlineData("drilldown", "spl.nope=3", "there is no limit named 'spl.nope'")]
    public void A_bad_limit_is_a_one_line_usage_error_before_any_work(string command, string limit, string message)
    {
        string[] args = command switch
        {
            "hunt" => ["hunt", "--no-store", Sample, "--limit", limit],
            "search" => ["search", "EventCode=2282", Sample, "--limit", limit],
            "export" => ["export", Sample, "--limit", limit],
            "test" => ["test", "--limit", limit],
            _ => ["drilldown", "abc", "--limit", limit],
        };
        var (exit, output, errors) = RunVigil(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal($"error: --limit '{limit}': {message}", errors.Split(" (the limits:")[0].Split(" (see '")[0].Trim());
        Assert.EndsWith($"(see 'vigil {command} --help')", errors.Trim(), StringComparison.Ordinal);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Help_lists_every_limit_with_its_default()
    {
        var help = RunVigil("export", "--help").Out;
        Assert.Contains("--limit <NAME=VALUE>", help, StringComparison.Ordinal);
        Assert.Contains("xml.event-size (16777216)", help, StringComparison.Ordinal);
        Assert.Contains("spl.stats-groups (1000000)", help, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_over_a_reader_limit_is_a_warning_naming_it_and_counted_over_a_limit()
    {
        var lines = File.ReadAllLines(Sample);
        var limit = lines.Max(l => l.Length) - 1;
        var longest = lines.Select((l, i) => (l.Length, Line: i + 1)).Where(l => l.Length > limit).Select(l => l.Line).ToList();
        var (exit, output, errors) = RunVigil("export", Sample, "--no-raw", "--limit", $"xml.event-size={limit}", "--limit", "json.depth=3");
        Assert.Equal(0, exit);
        Assert.Equal(lines.Length - longest.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var line in longest)
        {
            Assert.Contains($"warning: {Sample}:{line}: event longer than {limit} characters (limit xml.event-size; raise with --limit xml.event-size=N): skipped", errors, StringComparison.Ordinal);
        }

        var parsed = lines.Length - longest.Count;
        Assert.Contains($"input: {Sample}: 53.6 KiB, 68 events (0 salvaged, 0 recovered): {parsed} parsed, {longest.Count} skipped ({longest.Count} over a limit)", errors, StringComparison.Ordinal);
        Assert.Contains($"summary: 1 files read, 0 unreadable, 53.6 KiB; 68 events (0 salvaged, 0 recovered): {parsed} parsed, {longest.Count} skipped ({longest.Count} over a limit)", errors, StringComparison.Ordinal);
        Assert.Equal(1, RunVigil("export", Sample, "--limit", $"xml.event-size={limit}", "--strict").Exit);
        Assert.Equal(0, RunVigil("export", Sample, "--strict").Exit);
    }

    [Fact]
    public void A_search_over_the_group_limit_stops_with_an_error_naming_it()
    {
        const string Search = "EventCode=* | stats count by EventRecordID";
        var (exit, output, errors) = RunVigil("search", Search, Sample, "--limit", "spl.stats-groups=10", "-f", "csv");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("error: the search stopped: stats: more than 10 distinct by-groups (limit spl.stats-groups; raise with --limit spl.stats-groups=N)", errors, StringComparison.Ordinal);

        var fits = RunVigil("search", Search, Sample, "--limit", "spl.stats-groups=68", "-f", "csv");
        Assert.Equal(0, fits.Exit);
        Assert.Equal(69, fits.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_hunt_says_which_detection_stopped_at_a_limit_and_exits_2()
    {
        // The sample's 2282 events fall in four groups of the detection's stats (its four findings).
        var (exit, output, errors) = RunVigil("hunt", "--no-store", Sample, "-d", Seed, "-f", "jsonl", "--limit", "spl.stats-groups=3");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("error: detection 'Windows IIS Components Module Failed to Load' stopped: stats: more than 3 distinct by-groups (limit spl.stats-groups; raise with --limit spl.stats-groups=N)", errors, StringComparison.Ordinal);
        Assert.Contains("; stopped 1 detection stopped at a limit (spl.stats-groups), its results missing;", errors, StringComparison.Ordinal);

        var table = RunVigil("hunt", "--no-store", Sample, "-d", Seed, "--limit", "spl.stats-groups=3");
        Assert.Equal(2, table.Exit);
        Assert.Contains("Windows IIS Components Module Failed to Load stopped, so its results are missing: stats: more than 3", table.Out, StringComparison.Ordinal);
        Assert.Contains("Stopped   1 detection stopped at a limit (spl.stats-groups), its results missing", table.Out, StringComparison.Ordinal);

        var fits = RunVigil("hunt", "--no-store", Sample, "-d", Seed, "-f", "jsonl", "--limit", "spl.stats-groups=4");
        Assert.Equal(0, fits.Exit);
        Assert.Equal(4, fits.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_detection_test_whose_data_is_over_a_limit_is_an_error_naming_it()
    {
        var (exit, output, _) = RunVigil("test", "-d", Seed, "--limit", "xml.event-size=100");
        Assert.Equal(1, exit);
        Assert.Contains("ERROR", output, StringComparison.Ordinal);
        Assert.Contains("event longer than 100 characters (limit xml.event-size; raise with --limit xml.event-size=N): skipped", output, StringComparison.Ordinal);
        Assert.Equal(0, RunVigil("test", "-d", Seed).Exit);
    }

    [Fact]
    public void Verbose_gives_each_inputs_account_and_the_accounts_add_up_to_the_summary()
    {
        var damaged = TestPaths.RequireShared("evtx", "evtx-crate", "sample_with_a_bad_chunk_magic.evtx");
        var zeroSize = TestPaths.RequireShared("evtx", "evtx-crate", "sample-with-zero-data-size-event.evtx");
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(Sample);
        lines[5] = lines[5][..100];
        var truncated = dir.Write("truncated.log", string.Join("\n", lines));

        var (exit, _, errors) = RunVigil("hunt", "--no-store", damaged, zeroSize, truncated, Sample, "-d", Seed, "-f", "jsonl", "--verbose", "--recover", "--no-prefilter");
        Assert.Equal(0, exit);
        var accounts = AccountLine().Matches(errors).Select(m => (Path: m.Groups["path"].Value, Account: Account.Of(m))).ToList();
        Assert.Equal([damaged, zeroSize, truncated, Sample], accounts.Select(a => a.Path));
        Assert.All(accounts, a => Assert.Equal(a.Account.Events, a.Account.Parsed + a.Account.Skipped));
        Assert.All(accounts, a => Assert.Equal(a.Account.Skipped, a.Account.Reasons.Values.Sum()));
        Assert.Equal(3, accounts[0].Account.Salvaged);
        Assert.Equal(163, accounts[0].Account.Recovered);
        Assert.Equal(1, accounts[1].Account.Reasons["damaged record"]);
        Assert.Equal(1, accounts[2].Account.Reasons["not well-formed"]);
        Assert.False(accounts[3].Account.Reasons.ContainsKey("not well-formed"));

        var summary = SummaryLine().Match(errors);
        Assert.True(summary.Success, errors);
        var total = Account.Of(summary);
        Assert.Equal(accounts.Sum(a => a.Account.Events), total.Events);
        Assert.Equal(accounts.Sum(a => a.Account.Parsed), total.Parsed);
        Assert.Equal(accounts.Sum(a => a.Account.Salvaged), total.Salvaged);
        Assert.Equal(accounts.Sum(a => a.Account.Recovered), total.Recovered);
        foreach (var (reason, count) in total.Reasons)
        {
            Assert.Equal(accounts.Sum(a => a.Account.Reasons.GetValueOrDefault(reason)), count);
        }

        // Without --verbose only the inputs with something to say get a line: not the intact sample.
        var quiet = RunVigil("hunt", "--no-store", damaged, Sample, "-d", Seed, "-f", "jsonl").Err;
        Assert.Contains($"input: {damaged}: ", quiet, StringComparison.Ordinal);
        Assert.DoesNotContain($"input: {Sample}: ", quiet, StringComparison.Ordinal);
    }

    private sealed record Account(long Events, long Salvaged, long Recovered, long Parsed, long Skipped, Dictionary<string, long> Reasons)
    {
        public static Account Of(Match m)
        {
            static long N(Group g) => long.Parse(g.Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            var reasons = m.Groups["reasons"].Success
                ? m.Groups["reasons"].Value.Split(", ").Select(r => r.Split(' ', 2)).ToDictionary(r => r[1], r => long.Parse(r[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), StringComparer.Ordinal)
                : new Dictionary<string, long>(StringComparer.Ordinal);
            return new Account(N(m.Groups["events"]), N(m.Groups["salvaged"]), N(m.Groups["recovered"]), N(m.Groups["parsed"]), N(m.Groups["skipped"]), reasons);
        }
    }

    private const string Events = @"(?<events>[\d,]+) events? \((?<salvaged>[\d,]+) salvaged, (?<recovered>[\d,]+) recovered\): (?<parsed>[\d,]+) parsed, (?<skipped>[\d,]+) skipped(?: \((?<reasons>[^)]*)\))?";

    [GeneratedRegex(@"^input: (?<path>.+?): [\d.]+ (?:B|KiB|MiB|GiB), " + Events, RegexOptions.Multiline)]
    private static partial Regex AccountLine();

    [GeneratedRegex(@"^summary: .*?; events " + Events, RegexOptions.Multiline)]
    private static partial Regex SummaryLine();
}
