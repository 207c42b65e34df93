using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// rex, pinned to the Splunk Search Reference "rex" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Rex).
/// </summary>
public class RexTests
{
    [Fact]
    public void Named_groups_become_fields_read_from_raw_by_default()
    {
        // "matches the value of the specified field against the unanchored regular expression and extracts the named
        // groups into fields of the corresponding names"; "Default: _raw".
        var result = Run("""* | rex "user=(?<user>\w+) from (?P<src>[\d.]+)" """, [Raw("login user=bob from 10.0.0.1 ok")]);
        Assert.Equal(["bob"], result.Column("user"));
        Assert.Equal(["10.0.0.1"], result.Column("src"));

        // Inside SPL quotes \\ is one backslash, so a regex backslash is written as four.
        var field = Run("""* | table process | rex field=process "(?<name>[^\\\\]+)$" """, [Row(("process", @"C:\Windows\System32\cmd.exe"))]);
        Assert.Equal(["process", "name"], field.Columns);
        Assert.Equal(["cmd.exe"], field.Column("name"));
    }

    [Fact]
    public void A_miss_or_a_group_that_takes_no_part_leaves_fields_as_they_were()
    {
        var rows = new[] { Row(("v", "a=1"), ("a", "old"), ("b", "old")), Row(("v", "zzz"), ("a", "old")), Row(("other", "x")) };
        var result = Run("""* | rex field=v "a=(?<a>\d)(?<b>x)?" """, rows);
        Assert.Equal(["1", "old", null], result.Column("a"));
        Assert.Equal(["old", null, null], result.Column("b"));
        Assert.Equal("x", result.Rows[2]["other"].ToString());

        // An empty capture is a value: the field is set, empty.
        Assert.Equal([string.Empty], Run("""* | rex field=v "(?<e>q*)" """, [Row(("v", "abc"))]).Column("e"));
    }

    [Fact]
    public void Max_match_collects_several_matches_into_a_multivalue()
    {
        // "max_match: Controls the number of times the regex is matched. If greater than 1, the resulting fields are
        // multivalued fields. Use 0 to mean unlimited." Default 1.
        var rows = new[] { Row(("v", "(A;B)(C;D)(E;F)")) };
        Assert.Equal(["A;B"], Run("""* | rex field=v "\((?<ace>[^)]*)\)" """, rows).Column("ace"));
        Assert.Equal(["A;B\nC;D"], Run("""* | rex field=v max_match=2 "\((?<ace>[^)]*)\)" """, rows).Column("ace"));
        Assert.Equal(["A;B\nC;D\nE;F"], Run("""* | rex field=v "\((?<ace>[^)]*)\)" max_match=0""", rows).Column("ace"));

        // One match under max_match stays a single value.
        Assert.Equal(["only"], Run("""* | rex field=v max_match=0 "(?<w>only)" """, [Row(("v", "the only one"))]).Column("w"));
    }

    [Fact]
    public void A_multivalue_field_is_matched_as_its_values_one_a_line()
    {
        // ESCU: values(...) as new_value | rex field=new_value max_match=10000 "\((?P<new_ace>.*?)\)".
        var rows = new[] { Row(("new_value", new[] { "(x)(y)", "(z)" })) };
        var result = Run("""* | rex field=new_value max_match=10000 "\((?P<new_ace>.*?)\)" | mvexpand new_ace""", rows);
        Assert.Equal(["x", "y", "z"], result.Column("new_ace"));
        Assert.Equal(["first\nsecond"], Run("""* | rex field=m max_match=0 "(?<w>\w+)" """, [Row(("m", new[] { "first", "second" }))]).Column("w"));
    }

    [Fact]
    public void Sed_mode_replaces_or_transliterates_each_value()
    {
        // "mode=sed ... replace (s) or substitute characters (y)"; flags "global (g) and Nth occurrence (N)"; the
        // replacement can refer to groups as \n. Without field= the sed expression applies to _raw.
        var rows = new[] { Row(("v", "a-b-c")) };
        Assert.Equal(["a+b-c"], Run("""* | rex field=v mode=sed "s/-/+/" """, rows).Column("v"));
        Assert.Equal(["a+b+c"], Run("""* | rex field=v mode=sed "s/-/+/g" """, rows).Column("v"));
        Assert.Equal(["a-b+c"], Run("""* | rex field=v mode=sed "s/-/+/2" """, rows).Column("v"));
        Assert.Equal(["b-a-c"], Run("""* | rex field=v mode=sed "s/(\w)-(\w)/\2-\1/" """, rows).Column("v"));
        Assert.Equal(["A_B_C"], Run("""* | rex field=v mode=sed "y/abc-/ABC_/" """, rows).Column("v"));
        Assert.Equal(["x/y"], Run("""* | rex field=v mode=sed "s/a.*/x\/y/" """, rows).Column("v"));
        Assert.Equal(["masked"], Run("""* | rex mode=sed "s/.*/masked/" """, [Raw("secret")]).Column("_raw"));

        // ESCU's base64decode macro strips NULs: rex field=x mode=sed "s/\x00//g".
        Assert.Equal(["abc"], Run("""* | rex field=v mode=sed "s/\x00//g" """, [Row(("v", "a\0b\0c"))]).Column("v"));

        var multi = Run("""* | rex field=v mode=sed "s/o/0/g" """, [Row(("v", new[] { "foo", "bar", "boo" }))]);
        Assert.Equal(["f00", "bar", "b00"], multi.Rows[0]["v"].Values);
    }

    [Fact]
    public void Rows_without_the_field_and_empty_input_pass_through()
    {
        Assert.Empty(Run("""* | rex field=v "(?<x>.)" """, []).Rows);
        var result = Run("""* | rex field=v "(?<x>.)" | rex field=v mode=sed "s/a/b/" """, [Row(("w", "1"))]);
        Assert.Equal(["w=1"], result.Lines());
    }

    [Theory]
    [InlineData("""* | rex field=v "(\d+)" """, "extracts nothing: name at least one group", "\"(", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | rex field=v offset_field=o "(?<x>.)" """, "rex offset_field is not supported", "offset_field", SplDiagnosticId.UnsupportedOption)]
    [InlineData("""* | rex mode=perl "(?<x>.)" """, "rex mode must be sed", "mode", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | rex field=v (?<x>.)""", "rex takes its regular expression in double quotes", "(?<x>", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | rex field=v "(?<x>[a-" """, "invalid regular expression", "\"(", SplDiagnosticId.InvalidRegex)]
    [InlineData("""* | rex field=v "(?<_KEY_1>\w+)=(?<_VAL_1>\w+)" """, "_KEY_/_VAL_", "\"(", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("""* | rex field=v mode=sed "s/a/b/i" """, "unsupported flags 'i'", "\"s", SplDiagnosticId.UnsupportedOption)]
    [InlineData("""* | rex field=v mode=sed "s/a/[&]/" """, "'&' in the replacement is not supported", "\"s", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("""* | rex field=v mode=sed "y/ab/c/" """, "two lists of the same length", "\"y", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | rex field=v mode=sed "d/a/" """, "knows only s/regex/replacement/flags", "\"d", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("""* | rex field=v max_match=2 """, "rex needs a regular expression", "rex", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | rex nosuch=1 "(?<x>.)" """, "unsupported rex option 'nosuch'", "nosuch", SplDiagnosticId.UnsupportedOption)]
    public void Unsupported_or_broken_forms_are_errors_naming_them(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }
}
