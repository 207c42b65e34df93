using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// Subsearches in a search, as the Search Manual's "About subsearches" and "Change the format of subsearch results"
/// pages describe them: the subsearch runs first and its results become <c>( ( f1="v" AND f2="w" ) OR ( ... ) )</c>,
/// internal fields left out, a multivalue as an OR of its values; no results match nothing. Vigil feeds the subsearch
/// the same events once (PipelineRun.Push), and the parent waits for it.
/// </summary>
public class SubsearchTests
{
    private static List<Vigil.Spl.Values.Row> Events() =>
    [
        Row(("kind", "login"), ("user", "ann"), ("src", "10.0.0.1")),
        Row(("kind", "login"), ("user", "bob"), ("src", "10.0.0.2")),
        Row(("kind", "login"), ("user", "cy"), ("src", "10.0.0.3")),
        Row(("kind", "bad"), ("user", "ANN"), ("src", "10.0.0.1"), ("_time", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc))),
        Row(("kind", "bad"), ("user", "cy"), ("src", "10.0.0.9")),
    ];

    [Fact]
    public void A_base_search_subsearch_keeps_the_events_its_results_describe()
    {
        // Search values compare case-insensitively, as format's output is searched: ANN matches ann. _time is internal
        // and left out of the condition.
        var result = Run("kind=login [search kind=bad | fields user _time]", Events());
        Assert.Equal(["ann", "cy"], result.Column("user").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Several_fields_of_one_row_must_all_match_and_rows_are_alternatives()
    {
        var result = Run("kind=login | search [search kind=bad | table user src]", Events());
        Assert.Equal(["ann"], result.Column("user"));
    }

    [Fact]
    public void Not_subsearch_keeps_the_others_and_an_empty_subsearch_matches_nothing()
    {
        Assert.Equal(["bob"], Run("kind=login NOT [search kind=bad | table user]", Events()).Column("user"));
        Assert.Empty(Run("kind=login [search kind=none | table user]", Events()).Rows);
        Assert.Equal(3, Run("kind=login NOT [search kind=none | table user]", Events()).Rows.Count);
    }

    [Fact]
    public void A_multivalue_result_is_an_or_of_its_values()
    {
        var result = Run("kind=login [search kind=bad | stats values(user) as user]", Events());
        Assert.Equal(["ann", "cy"], result.Column("user").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_search_field_is_search_text_and_a_query_field_a_term()
    {
        var rows = new List<Vigil.Spl.Values.Row>
        {
            Raw("alpha beta", ("kind", "e"), ("n", "1")),
            Raw("gamma", ("kind", "e"), ("n", "2")),
            Raw("x", ("kind", "q"), ("search", "n=2"), ("query", "beta")),
        };
        Assert.Equal(["2"], Run("kind=e [search kind=q | table search]", rows).Column("n"));
        Assert.Equal(["1"], Run("kind=e [search kind=q | table query]", rows).Column("n"));
    }

    [Fact]
    public void Brackets_in_quoted_text_are_text_not_subsearches()
    {
        var rows = new List<Vigil.Spl.Values.Row> { Row(("v", "[true]")), Row(("v", "x|y")) };
        Assert.Equal(["[true]"], Run("v=\"[true]\"", rows).Column("v"));
        Assert.Equal(["x|y"], Run("* | search v=\"x|y\" | where v!=\"[a]\"", rows).Column("v"));
    }

    [Fact]
    public void The_pipeline_reports_the_fields_both_searches_read_and_the_raw_text_either_needs()
    {
        var pipeline = SplPipeline.Compile("kind=login [search kind=bad | fields user] | table user src", new());
        Assert.True(pipeline.ReadsEvents);
        // The subsearch's fields passes _time and _raw on too, so it reads them.
        Assert.Equal(["_raw", "_time", "kind", "src", "user"], pipeline.EventFieldsRead!.Order(StringComparer.Ordinal));
        var requirement = pipeline.RawRequirement(_ => true)!;
        Assert.True(requirement.IsSatisfiedBy("kind=login"));
        Assert.True(requirement.IsSatisfiedBy("kind=bad"));
        Assert.False(requirement.IsSatisfiedBy("kind=other"));
        // A subsearch whose columns depend on the data reads fields no one can name in advance.
        Assert.Null(SplPipeline.Compile("kind=login [search kind=bad]", new()).EventFieldsRead);
    }

    [Fact]
    public void Events_that_cannot_match_whatever_the_subsearch_returns_are_not_kept_waiting()
    {
        var condition = new SearchParser(new TextCursor("a=1 [search b=2]", 0, 16), new SearchScope(new())).ParseAll();
        Assert.False(SubsearchConditions.MatchesSoFar(condition, Row(("a", "2"))));
        Assert.Null(SubsearchConditions.MatchesSoFar(condition, Row(("a", "1"))));
        var either = new SearchParser(new TextCursor("a=1 OR [search b=2]", 0, 19), new SearchScope(new())).ParseAll();
        Assert.True(SubsearchConditions.MatchesSoFar(either, Row(("a", "1"))));
        Assert.Null(SubsearchConditions.MatchesSoFar(new NotExpression(either), Row(("a", "2"))));
    }

    [Fact]
    public void A_subsearch_keeps_at_most_10000_rows_as_Splunks_maxout()
    {
        // About subsearches: "By default, subsearches return a maximum of 10,000 results"; the rest are dropped.
        var rows = Enumerable.Range(0, 10_001).Select(i => Row(("kind", "v"), ("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        rows.Add(Row(("kind", "probe"), ("n", "10000")));
        rows.Add(Row(("kind", "probe"), ("n", "9999")));
        Assert.Equal(["9999"], Run("kind=probe [search kind=v | table n]", rows).Column("n"));
    }

    [Fact]
    public void Subsearches_nest_and_each_sees_the_events_once()
    {
        // The inner subsearch narrows the middle one, which narrows the outer search.
        var result = Run("kind=login [search kind=bad [search kind=login src=10.0.0.3 | table user] | table user]", Events());
        Assert.Equal(["cy"], result.Column("user"));
    }

    [Theory]
    [InlineData("kind=login [search kind=bad", "unclosed '['")]
    [InlineData("kind=login ] x", "unbalanced ']'")]
    [InlineData("kind=login []", "empty subsearch")]
    [InlineData("kind=login [| mstats count]", "unsupported generating command 'mstats'")]
    [InlineData("kind=login [mstats count]", "unsupported generating command 'mstats'")]
    public void Malformed_or_unsupported_subsearches_are_errors_at_their_place(string search, string message)
    {
        var e = Assert.Throws<SplCompileException>(() => SplPipeline.Compile(search, new()));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_subsearch_in_an_event_type_is_refused()
    {
        var e = Assert.Throws<SplCompileException>(() => SplCompiler.CompileCondition("a=1 [search b=2]", new()));
        Assert.Contains(e.Diagnostics, d => d.Subject == "subsearch in a plain search");
    }
}
