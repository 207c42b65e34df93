using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// mvexpand, pinned to the Splunk Search Reference "mvexpand" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Mvexpand).
/// </summary>
public class MvexpandTests
{
    [Fact]
    public void Each_value_becomes_a_row_with_the_other_fields_copied()
    {
        // "Expands the values of a multivalue field into separate events, one event for each value"; the other fields
        // have duplicate values.
        var rows = new[] { Row(("a", "1"), ("c", new[] { "V1", "V2", "V3" })), Row(("a", "2"), ("c", new[] { "V4", "V5" })) };
        var result = Run("* | table a c | mvexpand c", rows);
        Assert.Equal(["a=1 c=V1", "a=1 c=V2", "a=1 c=V3", "a=2 c=V4", "a=2 c=V5"], result.Lines());
    }

    [Fact]
    public void Limit_takes_the_first_values()
    {
        // "limit: Specify the number of values of <field> to use for each input event. Default: 0, or no limit".
        var rows = new[] { Row(("c", new[] { "V1", "V2", "V3" })) };
        Assert.Equal(["V1", "V2"], Run("* | mvexpand limit=2 c", rows).Column("c"));
        Assert.Equal(["V1", "V2", "V3"], Run("* | mvexpand c limit=0", rows).Column("c"));
    }

    [Fact]
    public void A_single_value_stays_one_row_and_a_row_without_the_field_is_dropped()
    {
        var rows = new[] { Row(("c", "only"), ("n", "1")), Row(("n", "2")) };
        Assert.Equal(["c=only n=1"], Run("* | table c n | mvexpand c", rows).Lines());
        Assert.Empty(Run("* | mvexpand c", []).Rows);
    }

    [Fact]
    public void Expanded_rows_are_independent_copies()
    {
        var rows = new[] { Row(("c", new[] { "x", "y" })) };
        Assert.Equal(["x-1", "y-1"], Run("* | mvexpand c | eval c=c.\"-1\"", rows).Column("c"));
    }

    [Theory]
    [InlineData("* | mvexpand _raw", "mvexpand cannot expand '_raw'", "_raw")]
    [InlineData("* | mvexpand a*", "mvexpand cannot expand 'a*'", "a*")]
    [InlineData("* | mvexpand a b", "mvexpand takes one field", "b")]
    [InlineData("* | mvexpand", "mvexpand needs a field", "mvexpand")]
    [InlineData("* | mvexpand limit=x a", "limit must be a whole number", "limit")]
    public void Broken_forms_are_errors(string search, string message, string marker)
    {
        // "The mvexpand command can't be applied to internal fields."
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
    }
}
