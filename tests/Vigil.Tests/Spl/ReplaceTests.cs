using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// replace, pinned to the Splunk Search Reference "replace" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Replace).
/// </summary>
public class ReplaceTests
{
    [Fact]
    public void Whole_values_are_replaced_in_the_named_fields()
    {
        // ESCU: replace "%%14674" with "Value Added", "%%14675" with "Value Deleted" in OperationType.
        var rows = new[] { Row(("OperationType", "%%14674")), Row(("OperationType", "%%14675")), Row(("OperationType", "x%%14674")) };
        var result = Run("""* | replace "%%14674" with "Value Added", "%%14675" with "Value Deleted" in OperationType""", rows);
        Assert.Equal(["Value Added", "Value Deleted", "x%%14674"], result.Column("OperationType"));
    }

    [Fact]
    public void Wildcards_match_and_carry_their_text_into_the_replacement()
    {
        // "replace *localhost WITH localhost"; "replace "* localhost" WITH "localhost *""; ESCU: replace "::ffff:*"
        // with * in src.
        var rows = new[] { Row(("src", "::ffff:10.0.0.1"), ("host", "web localhost")), Row(("src", "10.0.0.2"), ("host", "mylocalhost")) };
        var result = Run("""* | replace "::ffff:*" with * in src | replace "* localhost" WITH "localhost *", *localhost WITH localhost IN host""", rows);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], result.Column("src"));
        Assert.Equal(["localhost web", "localhost"], result.Column("host"));
    }

    [Fact]
    public void Later_exact_values_and_fuller_wildcard_matches_take_precedence()
    {
        // "Non-wildcard replacement values specified later take precedence over those replacements specified earlier.
        // For a wildcard replacement, fuller matches take precedence over lesser matches."
        var rows = new[] { Row(("f", "abc")) };
        Assert.Equal(["second"], Run("* | replace abc WITH first, abc WITH second IN f", rows).Column("f"));
        Assert.Equal(["exact"], Run("* | replace a* WITH wild, abc WITH exact IN f", rows).Column("f"));
        Assert.Equal(["exact"], Run("* | replace abc WITH exact, a* WITH wild IN f", rows).Column("f"));
        Assert.Equal(["fuller"], Run("* | replace a* WITH lesser, ab* WITH fuller, *c WITH least IN f", rows).Column("f"));
    }

    [Fact]
    public void Matching_is_case_sensitive_and_each_value_of_a_multivalue_is_replaced()
    {
        var rows = new[] { Row(("f", new[] { "aug", "Aug", "sep" }), ("g", "aug")) };
        var result = Run("* | replace aug WITH August IN f", rows);
        Assert.Equal(["August", "Aug", "sep"], result.Rows[0]["f"].Values);
        Assert.Equal("aug", result.Rows[0]["g"].ToString());
    }

    [Fact]
    public void Empty_values_can_be_replaced_and_missing_fields_stay_missing()
    {
        // SPL2's replace example replaces empty strings: replace "" WITH "None".
        var rows = new[] { Row(("errmsg", string.Empty)), Row(("other", "1")) };
        Assert.Equal(["None", null], Run("* | replace \"\" WITH None IN errmsg", rows).Column("errmsg"));
        Assert.Empty(Run("* | replace a WITH b IN f", []).Rows);
    }

    [Theory]
    [InlineData("* | replace a WITH b", "replace without IN <fields> is not supported", "replace", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("* | replace a* WITH *b* IN f", "must have as many wildcards", "a*", SplDiagnosticId.SyntaxError)]
    [InlineData("* | replace a b IN f", "expected WITH after 'a'", "b IN", SplDiagnosticId.SyntaxError)]
    [InlineData("* | replace IN f", "replace needs at least one", "replace", SplDiagnosticId.SyntaxError)]
    public void Unsupported_forms_are_errors(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }
}
