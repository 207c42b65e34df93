using Vigil.Spl.Syntax;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>Where Vigil used to differ from Splunk, each pinned on the reference page that says what Splunk does.</summary>
public class FidelityTests
{
    [Fact]
    public void A_CIDR_value_in_search_compares_as_a_network()
    {
        // Search Reference, search command: "dest_ip=10.0.0.0/8" matches addresses in the block ("CIDR matching").
        var rows = new[] { Row(("dest_ip", "10.1.2.3")), Row(("dest_ip", "192.168.4.5")), Row(("dest_ip", "172.20.0.1")), Row(("dest_ip", "host1")) };
        Assert.Equal(["dest_ip=10.1.2.3"], Run("dest_ip=10.0.0.0/8", rows).Lines());
        Assert.Equal(["dest_ip=192.168.4.5", "dest_ip=172.20.0.1", "dest_ip=host1"], Run("dest_ip!=10.0.0.0/8", rows).Lines());
        Assert.Equal(["dest_ip=192.168.4.5", "dest_ip=host1"], Run("dest_ip!=10.0.0.0/8 dest_ip!=172.16.0.0/12", rows).Lines());
        Assert.Equal(["dest_ip=10.1.2.3", "dest_ip=192.168.4.5"], Run("dest_ip IN (10.0.0.0/8, 192.168.0.0/16)", rows).Lines());
    }

    [Fact]
    public void Empty_items_in_an_IN_list_are_skipped()
    {
        // ESCU writes IN (,"*auth*",) and Splunk runs it; the empty items match nothing and stop nothing.
        var rows = new[] { Row(("x", "oauth2")), Row(("x", "other")) };
        Assert.Equal(["x=oauth2"], Run("x IN (,\"*auth*\",)", rows).Lines());
        Assert.Empty(Run("x IN ()", rows).Rows);
    }

    [Fact]
    public void An_escaped_pipe_is_a_pipe_character_not_a_command_boundary()
    {
        // Search Reference, search, "Quotes and escaping characters": \| sends a pipe character to the command.
        var rows = new[] { Row(("cmd", "a|b")), Row(("cmd", "a\\|b")) };
        Assert.Equal(["cmd=a|b"], Run("cmd=\"a\\|b\"", rows).Lines());
        Assert.Equal(["cmd=a|b"], Run("cmd=a\\|b", rows).Lines());
        Assert.Equal(["cmd=a\\|b"], Run("cmd=\"a\\\\|b\"", rows).Lines());
    }

    [Fact]
    public void Ordered_comparisons_of_strings_are_lexicographic_and_case_sensitive()
    {
        // Search Reference, search: comparisons of non-numeric values are lexicographic (code units: "B" < "a" < "b").
        var rows = new[] { Row(("name", "b")), Row(("name", "B")), Row(("name", "a")), Row(("name", "10")) };
        Assert.Equal(["name=b"], Run("name>\"a\"", rows).Lines());
        // "10" and "9" are both numbers, so they compare as numbers.
        Assert.Equal(["name=B", "name=a", "name=10"], Run("name<\"b\" name>\"9\"", rows).Lines());
    }

    [Fact]
    public void A_value_written_like_a_call_is_text_to_the_search_command()
    {
        // ESCU writes "search _time >= relative_time(now(),...)"; Splunk's search command compares that text as a string.
        var rows = new[] { Row(("_time", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)), ("x", "1")) };
        Assert.Empty(Run("search x=1 AND _time >= relative_time(now(),\"-1d@d\")", rows).Rows);
        Assert.Single(Run("search x=1 AND _time < relative_time(now(),\"-1d@d\")", rows).Rows);
    }

    [Fact]
    public void TERM_matches_a_whole_term_between_major_breakers_and_CASE_matches_case()
    {
        // Search Manual, "Use CASE() and TERM() to match phrases".
        var rows = new[] { Raw("src=10.0.0.1 user=sudoedit:x"), Raw("ip 10.0.0.1 seen"), Raw("Error here") };
        Assert.Single(Run("TERM(10.0.0.1)", rows).Rows);
        Assert.Equal(2, Run("10.0.0.1", rows).Rows.Count);
        Assert.Empty(Run("TERM(sudoedit)", rows).Rows);
        Assert.Single(Run("CASE(Error)", rows).Rows);
        Assert.Empty(Run("CASE(error)", rows).Rows);
    }

    [Fact]
    public void Renaming_a_missing_field_empties_the_new_name_and_renaming_onto_a_field_replaces_it()
    {
        // Search Reference, rename: the new name takes the old field's value, none when it has none.
        var rows = new[] { Row(("a", "1"), ("b", "old")), Row(("b", "stale")) };
        Assert.Equal(["b=1", string.Empty], Run("* | rename a AS b | table b", rows).Lines());
    }

    [Fact]
    public void Stats_groups_values_by_their_text_and_keeps_repeated_values_of_a_multivalue_by_field()
    {
        // Search Reference, stats: dedup_splitvals defaults to false, so a value repeated in a multivalue by-field
        // counts once for each repeat.
        var rows = new[] { Row(("k", 1), ("v", "x")), Row(("k", "1"), ("v", "y")), Row(("k", new[] { "2", "2", "3" })) };
        Assert.Equal(["k=1 count=2", "k=2 count=2", "k=3 count=1"], Run("* | stats count by k", rows).Lines());
    }

    [Fact]
    public void Sort_orders_addresses_as_addresses_and_leading_numbers_numerically()
    {
        // Search Reference, sort: auto sorts numbers numerically and IP addresses as IP addresses.
        var rows = new[] { Row(("v", "10.0.0.2")), Row(("v", "9.0.0.1")), Row(("v", "10.0.0.10")), Row(("v", "9abc")), Row(("v", "10abc")), Row(("v", "7")) };
        Assert.Equal(["v=7", "v=9.0.0.1", "v=10.0.0.2", "v=10.0.0.10", "v=9abc", "v=10abc"], Run("* | sort v", rows).Lines());
        Assert.Equal(["v=9.0.0.1", "v=10.0.0.2", "v=10.0.0.10", "v=10abc", "v=7", "v=9abc"], Run("* | sort ip(v)", rows).Lines());
    }

    [Fact]
    public void ESCU_base64decode_macro_decodes_through_its_lookup_value_by_value()
    {
        // The macro splits a string into characters and looks each one up in char_conversion_matrix: it works in
        // Splunk only because a multivalue input's outputs come back in input order, repeats included.
        var content = Vigil.Hunt.LoadedContent.Shipped();
        content.Library.AddDirectory(Vigil.Tests.Support.TestPaths.RequireShared("escu"));
        var result = Run("| makeresults | eval x=\"SGVsbG8sIFZpZ2lsIQ==\" | `base64decode(x)` | table x_decode", [], content.Definitions);
        Assert.Equal(["x_decode=Hello, Vigil!"], result.Lines());
    }

    [Fact]
    public void Names_written_with_parentheses_stay_whole()
    {
        // ESCU writes "values(aceFlags) as aceFlags(inheritance)" and "fields - predicted(x)"; Splunk keeps those names.
        var rows = new[] { Row(("a", "1"), ("b", "x")) };
        Assert.Equal(["aceFlags(inheritance)=1"], Run("* | stats values(a) as aceFlags(inheritance) | table aceFlags(inheritance)", rows).Lines());
        Assert.Equal(["b=x"], Run("* | eval \"predicted(p)\"=1 | fields - a predicted(p)", rows).Lines());
    }

    [Fact]
    public void A_macro_inside_a_quoted_string_keeps_the_string_whole()
    {
        // map's search="..." holds macros whose definitions have quotes: they are escaped so the string goes on.
        var definitions = new Vigil.Spl.Definitions.SplDefinitions();
        definitions.Add(new Vigil.Spl.Definitions.MacroDefinition("quoted", ["x"], "x=\"$x$\""));
        var text = Vigil.Spl.Macros.MacroExpander.Expand("search s=\"`quoted(a)`\" | eval y=\"`quoted(\\\"b\\\")`\"", definitions);
        Assert.Equal("search s=\"x=\\\"a\\\"\" | eval y=\"x=\\\"\\\"b\\\"\\\"\"", text);
    }

    [Fact]
    public void Every_refusal_carries_an_id_and_names_what_it_refuses()
    {
        var error = Assert.Throws<SplCompileException>(() => Run("x=1 | nosuchcommand a | eval y=nosuchfunction(x)", []));
        Assert.Equal(
            [(SplDiagnosticId.UnsupportedCommand, "nosuchcommand", "SPL100"), (SplDiagnosticId.UnsupportedFunction, "nosuchfunction", "SPL103")],
            error.Diagnostics.Select(d => (d.Id, d.Subject, d.Code)));
        Assert.Equal("unsupported command 'nosuchcommand'", error.Diagnostics[0].Cause);
    }
}
