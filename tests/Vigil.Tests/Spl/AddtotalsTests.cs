using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// addtotals, pinned to the Splunk Search Reference "addtotals" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Addtotals).
/// </summary>
public class AddtotalsTests
{
    private static Vigil.Spl.Values.Row[] Rows() =>
    [
        Row(("host", "a"), ("x", "1"), ("y", "2.5"), ("_time", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc))),
        Row(("host", "b"), ("x", "4"), ("z", "oops")),
        Row(("host", "c")),
    ];

    [Fact]
    public void Each_row_gets_the_sum_of_its_numeric_fields_in_Total()
    {
        // "row: Specifies whether to calculate the sum of the <field-list> for each event ... Default: true";
        // "If a <field-list> is not specified, all numeric fields are included in the sum"; "fieldname: Default:
        // Total". Internal fields such as _time are not added.
        var result = Run("* | table host x y z | addtotals", Rows());
        Assert.Equal(["host", "x", "y", "z", "Total"], result.Columns);
        Assert.Equal(["3.5", "4", null], result.Column("Total"));
    }

    [Fact]
    public void A_field_list_and_fieldname_choose_what_is_added_and_where()
    {
        // ESCU: addtotals fieldname=Score is_autodiscover, powershell, mapi. Wildcards select fields too.
        var rows = new[] { Row(("is_autodiscover", "1"), ("powershell", "1"), ("mapi", "0"), ("other", "100")) };
        Assert.Equal(["2"], Run("* | addtotals fieldname=Score is_autodiscover, powershell, mapi", rows).Column("Score"));
        Assert.Equal(["1"], Run("* | addtotals fieldname=Score p* m*", rows).Column("Score"));
    }

    [Fact]
    public void Col_adds_a_last_row_of_column_sums_with_a_label()
    {
        // "col: Specifies whether to add a new result at the end that represents the sum of each field";
        // "labelfield: Specify a field name to add to the result set"; "label: Default: Total".
        var result = Run("* | table host x y | addtotals col=t row=f labelfield=host label=\"All hosts\"", Rows());
        Assert.Equal(["host=a x=1 y=2.5", "host=b x=4", "host=c", "host=All hosts x=5 y=2.5"], result.Lines());

        var both = Run("* | table host x | addtotals col=true", Rows());
        Assert.Equal(["host", "x", "Total"], both.Columns);
        Assert.Equal("x=5 Total=5", both.Lines()[^1]);
    }

    [Fact]
    public void Multivalue_and_empty_input()
    {
        // The page speaks of numeric fields only; Vigil leaves a multivalue out of the sum.
        Assert.Equal([null, "1"], Run("* | addtotals", [Row(("m", new[] { "5", "6" })), Row(("n", "1"))]).Column("Total"));
        Assert.Empty(Run("* | addtotals", []).Rows);
        Assert.Empty(Run("* | table x | addtotals col=t", []).Rows);
    }

    [Theory]
    [InlineData("* | addtotals row=maybe", "row must be true or false", "row")]
    [InlineData("* | addtotals colname=x", "unsupported addtotals option 'colname'", "colname")]
    public void Broken_options_are_errors(string search, string message, string marker)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
    }
}
