using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// foreach, as the Search Reference's "foreach" page describes mode=multifield: the template's &lt;&lt;FIELD&gt;&gt;,
/// &lt;&lt;MATCHSTR&gt;&gt; and &lt;&lt;MATCHSEGn&gt;&gt; are replaced for each field a wildcard matches.
/// </summary>
public class ForeachTests
{
    [Fact]
    public void Field_token_runs_the_template_for_each_matching_field()
    {
        // The ESCU form: foreach * [ eval <<FIELD>> = if(<<FIELD>>="null",null(),<<FIELD>>)].
        var rows = new[] { Row(("a", "null"), ("b", "x"), ("c", new[] { "v", "w" })), Row(("a", "1")) };
        var result = Run("* | foreach * [ eval <<FIELD>> = if(<<FIELD>>=\"null\",null(),<<FIELD>>)] | table a b c", rows);
        Assert.Equal(["b=x c=v|w", "a=1"], result.Lines());
    }

    [Fact]
    public void Matchstr_is_what_the_wildcard_matched_and_fields_go_in_name_order()
    {
        // The ESCU form: foreach stdev_* [ eval anomalies = if('<<MATCHSTR>>' > ..., anomalies + "<<MATCHSTR>> ...", anomalies)].
        var rows = new[] { Row(("anomalies", ""), ("stdev_b", "1"), ("stdev_a", "1"), ("a", "10"), ("b", "10"), ("avg_a", "1"), ("avg_b", "1")) };
        var result = Run("* | foreach stdev_* [ eval anomalies = if('<<MATCHSTR>>' > ('avg_<<MATCHSTR>>' + 3 * 'stdev_<<MATCHSTR>>'), anomalies + \"<<MATCHSTR>> high, \", anomalies)] | table anomalies", rows);
        Assert.Equal(["a high, b high, "], result.Column("anomalies"));
    }

    [Fact]
    public void Matchseg_and_renamed_tokens()
    {
        var rows = new[] { Row(("x_1_y", "5")) };
        var segments = Run("* | foreach x_*_* [eval seg=\"<<MATCHSEG1>>/<<MATCHSEG2>>\"]", rows);
        Assert.Equal(["1/y"], segments.Column("seg"));
        var renamed = Run("* | foreach x* fieldstr=#F# [eval copy='#F#' * 2]", rows);
        Assert.Equal(["10"], renamed.Column("copy"));
    }

    [Fact]
    public void Internal_fields_and_rows_without_a_match_are_left_alone()
    {
        var rows = new[] { Row(("_hidden", "1"), ("n", "2")), Row(("other", "3")) };
        var result = Run("* | foreach _* n [eval <<FIELD>>=<<FIELD>>+1]", rows);
        Assert.Equal(["1", null], result.Column("_hidden"));
        Assert.Equal(["3", null], result.Column("n"));
        Assert.Empty(Run("* | foreach * [eval x=1]", []).Rows);
    }

    [Theory]
    [InlineData("foreach mode=multivalue x [eval y=<<ITEM>>]", "foreach mode=multivalue")]
    [InlineData("foreach x* [stats count]", "foreach stats")]
    [InlineData("foreach x* [eval y=(]", null)]
    [InlineData("foreach x*", null)]
    public void Unsupported_or_broken_templates_are_refused(string search, string? subject)
    {
        var e = Assert.Throws<SplCompileException>(() => Run("* | " + search, []));
        if (subject is not null)
        {
            Assert.Contains(e.Diagnostics, d => d.Subject == subject);
        }
    }
}
