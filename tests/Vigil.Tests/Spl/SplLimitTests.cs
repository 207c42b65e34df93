using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// The SPL limits (docs/limits.md), each set low and passed by one: past a limit that bounds memory the search stops
/// with an error naming it; where Splunk cuts results short (maxout, evicted transactions, map's searches) Vigil does
/// the same and the result warns, naming the limit; macro nesting and lookup rows are errors before the search runs.
/// </summary>
public class SplLimitTests
{
    private static readonly DateTime T0 = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    private static SplDefinitions With(string limit, int value) => new() { Limits = SplLimits.Default.With(limit, value) };

    /// <summary>Logons of four users, two each, a minute apart.</summary>
    private static List<Row> Logons() =>
        new[] { "ann", "bob", "cy", "dee", "ann", "bob", "cy", "dee" }
            .Select((user, i) => Row(("kind", "logon"), ("user", user), ("n", i), ("_time", T0.AddMinutes(i))))
            .ToList();

    private static void AssertNamesLimit(string limit, string message)
    {
        Assert.Contains($"limit {limit}; raise with --limit {limit}=N", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind=logon | stats count by user", "stats")]
    [InlineData("kind=logon | eventstats count by user", "eventstats")]
    [InlineData("kind=logon | streamstats count by user", "streamstats")]
    [InlineData("kind=logon | top user", "top")]
    [InlineData("kind=logon | timechart span=1h count by user", "timechart")]
    [InlineData("kind=logon [search kind=logon | stats count by user | fields user]", "stats")]
    public void More_by_groups_than_the_limit_stop_the_search_with_an_error_naming_it(string search, string command)
    {
        // Four groups fit a limit of four.
        AssertStopsPastTheLimit(search, SplLimits.StatsGroupsName, fits: 4, $"{command}: more than 3 distinct by-groups");
    }

    [Fact]
    public void A_stopped_run_takes_no_more_events_and_other_searches_go_on()
    {
        var definitions = With(SplLimits.StatsGroupsName, 2);
        var context = new SearchContext(TimeZoneInfo.Utc, Now);
        var grouping = SplPipeline.Compile("kind=logon | stats count by user", definitions).Start(context);
        var counting = SplPipeline.Compile("kind=logon | stats count", definitions).Start(context);
        foreach (var row in Logons())
        {
            grouping.Push(row);
            counting.Push(row);
        }

        Assert.Equal(SplLimits.StatsGroupsName, grouping.Failure?.Limit);
        Assert.Equal(SplLimits.StatsGroupsName, grouping.Complete().Failure?.Limit);
        Assert.Equal(["count=8"], counting.Complete().Lines());
    }

    [Fact]
    public void A_regular_expression_past_its_time_stops_its_search_and_other_searches_go_on()
    {
        // Nested quantifiers over a run of a's that ends wrong: the backtracking engine tries every split of the run.
        var context = new SearchContext(TimeZoneInfo.Utc, Now);
        var runaway = SplPipeline.Compile("kind=probe | rex field=text \"(?<run>(a+)+$)\"", new SplDefinitions()).Start(context);
        var counting = SplPipeline.Compile("kind=probe | stats count", new SplDefinitions()).Start(context);
        foreach (var row in new[] { Row(("kind", "probe"), ("text", new string('a', 80) + "!")), Row(("kind", "probe"), ("text", "aaa")) })
        {
            runaway.Push(row);
            counting.Push(row);
        }

        var failure = Assert.IsType<SplLimitException>(runaway.Complete().Failure);
        Assert.Equal($"a regular expression ran past its 2 s on a text of 81 characters: /(?<run>(a+)+$)/", failure.Message);
        Assert.IsType<System.Text.RegularExpressions.RegexMatchTimeoutException>(failure.InnerException);
        Assert.Equal(["count=2"], counting.Complete().Lines());
    }

    [Fact]
    public void A_subsearch_keeps_the_rows_its_limit_allows_and_the_result_warns()
    {
        // Five rows n=0..4 come out of the subsearch; only the first three are kept, so n=4 is not matched.
        var rows = Enumerable.Range(0, 5).Select(i => Row(("kind", "v"), ("n", i))).Concat([Row(("kind", "probe"), ("n", 4)), Row(("kind", "probe"), ("n", 2))]).ToList();
        var result = Run("kind=probe [search kind=v | sort n | table n]", rows, With(SplLimits.SubsearchRowsName, 3));
        Assert.Equal(["2"], result.Column("n"));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("a subsearch made 5 rows; only the first 3 were kept", warning, StringComparison.Ordinal);
        AssertNamesLimit(SplLimits.SubsearchRowsName, warning);

        var enough = Run("kind=probe [search kind=v | sort n | table n]", rows, With(SplLimits.SubsearchRowsName, 5));
        Assert.Equal(["2", "4"], enough.Column("n").Order(StringComparer.Ordinal));
        Assert.Empty(enough.Warnings);
    }

    [Fact]
    public void A_join_keeps_the_subsearch_rows_its_limit_allows_and_the_result_warns()
    {
        var rows = Logons();
        var search = "kind=logon n<4 | table user | join user [search kind=logon n>=4 | sort n | table user n]";
        var cut = Run(search, rows, With(SplLimits.JoinRowsName, 2));
        Assert.Equal(["ann", "bob"], cut.Column("user").Order(StringComparer.Ordinal));
        AssertNamesLimit(SplLimits.JoinRowsName, Assert.Single(cut.Warnings));
        Assert.Equal(4, Run(search, rows, With(SplLimits.JoinRowsName, 4)).Rows.Count);
    }

    [Fact]
    public void Append_without_maxout_takes_the_join_limit_and_with_maxout_its_own()
    {
        var rows = Logons();
        var cut = Run("kind=none | append [search kind=logon]", rows, With(SplLimits.JoinRowsName, 3));
        Assert.Equal(3, cut.Rows.Count);
        AssertNamesLimit(SplLimits.JoinRowsName, Assert.Single(cut.Warnings));

        // The search's own maxout decides, and cutting there is what it asked for: no warning.
        var own = Run("kind=none | append maxout=5 [search kind=logon]", rows, With(SplLimits.JoinRowsName, 3));
        Assert.Equal(5, own.Rows.Count);
        Assert.Empty(own.Warnings);
    }

    [Fact]
    public void Transactions_past_the_open_limits_are_evicted_and_the_result_warns()
    {
        // Read newest first, each user's two logons four minutes apart: with two transactions open, the third user
        // evicts the least recently used, whose second event then opens a new one.
        var all = Run("kind=logon | transaction user", Logons());
        Assert.Equal(4, all.Rows.Count);
        Assert.Empty(all.Warnings);

        var evicted = Run("kind=logon | transaction user keepevicted=true", Logons(), With(SplLimits.TransactionsOpenName, 2));
        Assert.Equal(8, evicted.Rows.Count);
        var warning = Assert.Single(evicted.Warnings);
        Assert.StartsWith("transaction: more than 2 transactions open; the least recently used were evicted (", warning, StringComparison.Ordinal);
        AssertNamesLimit(SplLimits.TransactionsOpenName, warning);

        var byEvents = Run("kind=logon | transaction user keepevicted=true", Logons(), With(SplLimits.TransactionEventsOpenName, 3));
        Assert.True(byEvents.Rows.Count > 4);
        AssertNamesLimit(SplLimits.TransactionEventsOpenName, Assert.Single(byEvents.Warnings));
    }

    [Fact]
    public void Map_runs_the_searches_its_limit_allows_unless_the_search_says_maxsearches()
    {
        var rows = Logons();
        var search = "kind=logon n<3 | map search=\"search kind=logon user=$user$ n>=4\" | table user";
        var cut = Run(search, rows, With(SplLimits.MapSearchesName, 2));
        Assert.Equal(2, cut.Rows.Count);
        var warning = Assert.Single(cut.Warnings);
        Assert.StartsWith("map: more than 2 rows; searches ran for the first 2 only", warning, StringComparison.Ordinal);
        AssertNamesLimit(SplLimits.MapSearchesName, warning);

        var own = Run(search.Replace("map search", "map maxsearches=3 search", StringComparison.Ordinal), rows, With(SplLimits.MapSearchesName, 2));
        Assert.Equal(3, own.Rows.Count);
        Assert.Empty(own.Warnings);
    }

    [Theory]
    [InlineData("kind=logon n<3 | map search=\"search kind=logon user=$user$\" | table user", "map")]
    [InlineData("kind=logon [search kind=logon user=ann | fields user] | table user", "search")]
    public void Events_held_past_the_limit_stop_the_search_with_an_error_naming_it(string search, string what)
    {
        // Both hold every logon until the searches they depend on have read all events: eight here.
        AssertStopsPastTheLimit(search, SplLimits.EventsHeldName, fits: 8, $"{what}: more than 7 events held");
    }

    /// <summary>
    /// Over the logons, the search stops at one less than <paramref name="fits"/> with an error that starts with
    /// <paramref name="message"/> and names the limit, giving no rows; at <paramref name="fits"/> it runs and gives rows.
    /// </summary>
    private static void AssertStopsPastTheLimit(string search, string limit, int fits, string message)
    {
        var stopped = Run(search, Logons(), With(limit, fits - 1));
        var failure = Assert.IsType<SplLimitException>(stopped.Failure);
        Assert.Equal(limit, failure.Limit);
        Assert.StartsWith(message, failure.Message, StringComparison.Ordinal);
        AssertNamesLimit(limit, failure.Message);
        Assert.Empty(stopped.Rows);

        var run = Run(search, Logons(), With(limit, fits));
        Assert.Null(run.Failure);
        Assert.NotEmpty(run.Rows);
    }

    [Fact]
    public void Macros_nested_deeper_than_the_limit_are_an_error_naming_it()
    {
        SplDefinitions Chain(int limit)
        {
            var definitions = With(SplLimits.MacroDepthName, limit);
            definitions.Add(new MacroDefinition("one", [], "`two`"));
            definitions.Add(new MacroDefinition("two", [], "`three`"));
            definitions.Add(new MacroDefinition("three", [], "kind=logon"));
            return definitions;
        }

        Assert.Equal(8, Run("`one`", Logons(), Chain(3)).Rows.Count);
        var error = Assert.Throws<SplCompileException>(() => SplPipeline.Compile("`one`", Chain(2)));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains("macro `three` is nested more than 2 macros deep", diagnostic.Message, StringComparison.Ordinal);
        AssertNamesLimit(SplLimits.MacroDepthName, diagnostic.Message);
    }

    [Fact]
    public void A_lookup_table_with_more_rows_than_the_limit_cannot_be_read_and_says_why()
    {
        const string Users = "user,team\nann,red\nbob,blue\ncy,red\ndee,blue\n";
        SplDefinitions Definitions(int limit, bool limitFirst)
        {
            var definitions = new SplDefinitions();
            if (limitFirst)
            {
                definitions.Limits = SplLimits.Default.With(SplLimits.LookupRowsName, limit);
            }

            definitions.Add(new LookupDefinition("teams", "lookups/teams.csv", () => new StringReader(Users)));
            if (!limitFirst)
            {
                definitions.Limits = SplLimits.Default.With(SplLimits.LookupRowsName, limit);
            }

            return definitions;
        }

        Assert.Equal(["red", "blue", "red", "blue", "red", "blue", "red", "blue"], Run("kind=logon | sort n | lookup teams user OUTPUT team", Logons(), Definitions(4, limitFirst: true)).Column("team"));
        foreach (var limitFirst in new[] { true, false })
        {
            var error = Assert.Throws<SplCompileException>(() => SplPipeline.Compile("kind=logon | lookup teams user OUTPUT team", Definitions(3, limitFirst)));
            var message = Assert.Single(error.Diagnostics).Message;
            Assert.Contains("lookup 'teams' cannot be read: lookups/teams.csv:5: the lookup table has more than 3 rows", message, StringComparison.Ordinal);
            AssertNamesLimit(SplLimits.LookupRowsName, message);
        }
    }

    [Fact]
    public void Every_limit_has_a_stable_name_a_default_and_a_range()
    {
        Assert.Equal(
            ["spl.stats-groups", "spl.subsearch-rows", "spl.join-rows", "spl.transactions-open", "spl.transaction-events-open", "spl.map-searches", "spl.macro-depth", "spl.lookup-rows", "spl.events-held"],
            SplLimits.All.Select(l => l.Name));
        foreach (var limit in SplLimits.All)
        {
            Assert.Equal(limit.Default, SplLimits.Default[limit.Name]);
            Assert.Equal(limit.Maximum, SplLimits.Default.With(limit.Name, limit.Maximum)[limit.Name]);
            Assert.Throws<ArgumentOutOfRangeException>(() => SplLimits.Default.With(limit.Name, 0));
        }

        Assert.Equal([1_000_000, 10_000, 50_000, 5000, 100_000, 10, 32, 5_000_000, 50_000], SplLimits.All.Select(l => l.Default));
        Assert.Throws<ArgumentException>(() => SplLimits.Default.With("spl.nope", 1));
        Assert.Equal(Subsearch.SearchMaxRows, SplLimits.Default.SubsearchRows);
        Assert.Equal(Subsearch.JoinMaxRows, SplLimits.Default.JoinRows);
    }
}
