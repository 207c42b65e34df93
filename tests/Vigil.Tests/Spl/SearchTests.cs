using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>The search language: field tests, wildcards, IN, Boolean operators and bare terms.</summary>
public class SearchTests
{
    private static readonly Vigil.Spl.Values.Row[] People =
    [
        Raw("alice logged on from HOST-1", ("user", "alice"), ("n", "5"), ("host", "HOST-1")),
        Raw("bob failed to log on", ("user", "Bob"), ("n", "12"), ("host", "host-2")),
        Raw("carol: 2282 events", ("user", "carol"), ("n", "100")),
        Raw("no user here: error 22820"),
    ];

    private static List<string?> Users(string search) => Run(search, People).Column("user");

    [Fact]
    public void Values_compare_case_insensitively_but_field_names_case_sensitively()
    {
        Assert.Equal(["Bob"], Users("user=bob"));
        Assert.Equal(["Bob"], Users("user=BOB"));
        Assert.Empty(Users("User=bob"));
    }

    [Theory]
    [InlineData("user=*o*", new[] { "Bob", "carol" })]
    [InlineData("user=a*", new[] { "alice" })]
    [InlineData("user=*l", new[] { "carol" })]
    [InlineData("user=c*r*l", new[] { "carol" })]
    [InlineData("user=*", new[] { "alice", "Bob", "carol" })]
    [InlineData("host=host-*", new[] { "alice", "Bob" })]
    public void Wildcards_match_whole_values(string search, string[] expected) => Assert.Equal(expected, Users(search));

    [Fact]
    public void Not_equal_needs_the_field_but_NOT_does_not()
    {
        Assert.Equal(["Bob"], Users("host!=HOST-1"));
        Assert.Equal(["Bob", "carol", null], Users("NOT host=HOST-1"));
    }

    [Fact]
    public void Ordered_comparisons_are_numeric_when_both_sides_are_numbers()
    {
        Assert.Equal(["alice", "Bob"], Users("n<100"));
        Assert.Equal(["Bob", "carol"], Users("n>=12"));
        Assert.Equal(["carol"], Users("n>12"));
        Assert.Equal(["alice"], Users("n<=5"));
    }

    [Fact]
    public void In_lists_take_wildcards_and_quotes()
    {
        Assert.Equal(["alice", "carol"], Users("user IN (alice, \"car*\")"));
        Assert.Empty(Users("user IN (dave)"));
    }

    [Fact]
    public void Or_binds_tighter_than_and()
    {
        // Splunk: "a b OR c" is "a AND (b OR c)".
        Assert.Equal(["alice"], Users("n=5 user=alice OR user=carol"));
        Assert.Equal(["alice", "carol"], Users("(n=5 user=alice) OR user=carol"));
        Assert.Equal(["alice"], Users("user=alice OR user=carol AND n=5"));
    }

    [Fact]
    public void Not_binds_tightest_and_parentheses_group()
    {
        Assert.Equal(["carol"], Users("user=* NOT user=alice NOT user=bob"));
        Assert.Equal(["carol"], Users("user=* NOT (user=alice OR user=bob)"));
    }

    [Fact]
    public void Bare_terms_match_whole_tokens_of_raw_case_insensitively()
    {
        Assert.Equal(["carol"], Users("2282"));
        Assert.Equal(["Bob"], Users("FAILED"));
        Assert.Empty(Users("fail"));
        Assert.Equal(["Bob"], Users("fail*"));
        Assert.Equal(["alice", "Bob"], Users("\"log* on\""));
        Assert.Equal(["carol", null], Users("error OR 2282"));
    }

    [Fact]
    public void Spaces_around_the_operator_are_allowed()
    {
        Assert.Equal(["Bob"], Users("user = bob"));
        Assert.Equal(["Bob"], Users("user != alice user != carol"));
    }

    [Fact]
    public void Quoted_values_keep_spaces_and_escapes()
    {
        var rows = new[] { Row(("path", "C:\\Program Files\\a b.dll")), Row(("path", "say \"hi\"")) };
        Assert.Single(Run("path=\"C:\\Program Files\\a b.dll\"", rows).Rows);
        Assert.Single(Run("path=\"*Files\\\\a b*\"", rows).Rows);
        Assert.Single(Run("path=\"say \\\"hi\\\"\"", rows).Rows);
    }

    [Fact]
    public void Quoted_field_names_and_escaped_quotes_in_bare_values()
    {
        var rows = new[] { Row(("a.b c", "x")), Row(("json", "{\"privileged\":true}")) };
        Assert.Single(Run("\"a.b c\"=X", rows).Rows);
        Assert.Single(Run("json=*\\\"privileged\\\":true*", rows).Rows);
    }

    [Fact]
    public void Multivalue_fields_match_when_any_value_matches()
    {
        var rows = new[] { Row(("group", new[] { "a", "b" })), Row(("group", "c")) };
        Assert.Single(Run("group=b", rows).Rows);
        Assert.Single(Run("group!=b", rows).Rows);
    }

    [Fact]
    public void Eventtype_expands_through_its_definition_and_wildcards()
    {
        var definitions = new SplDefinitions();
        definitions.Add(new EventTypeDefinition("logons", "user=alice OR user=bob"));
        definitions.Add(new EventTypeDefinition("logoffs", "user=carol"));
        Assert.Equal(["alice", "Bob"], Run("eventtype=logons", People, definitions).Column("user"));
        Assert.Equal(["alice", "Bob", "carol"], Run("eventtype=log*", People, definitions).Column("user"));
        Assert.Equal(["carol", null], Run("NOT eventtype=logons", People, definitions).Column("user"));
        var error = Assert.Throws<Vigil.Spl.Syntax.SplCompileException>(() => Run("eventtype=nope", People, definitions));
        Assert.Contains("unknown event type 'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_search_command_filters_results()
    {
        Assert.Equal(["Bob"], Users("user=* | search n>10 NOT user=carol"));
        Assert.Equal(["alice", "Bob", "carol", null], Users("| search *"));
    }
}
