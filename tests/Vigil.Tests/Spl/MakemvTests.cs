using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// makemv, pinned to the Splunk Search Reference "makemv" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Makemv).
/// </summary>
public class MakemvTests
{
    [Fact]
    public void Delim_splits_on_a_string_a_space_by_default()
    {
        // "delim: A string value used as a delimiter ... Default: A single space (" ")".
        Assert.Equal(["a", "b", "c"], Run("* | makemv answer", [Row(("answer", "a b c"))]).Rows[0]["answer"].Values);
        Assert.Equal(["a", "b c"], Run("* | makemv delim=\", \" answer", [Row(("answer", "a, b c"))]).Rows[0]["answer"].Values);
    }

    [Fact]
    public void Empty_values_are_dropped_unless_allowempty()
    {
        // "allowempty: Specifies whether to permit empty string values in the multivalue field ... Default: false".
        var rows = new[] { Row(("f", "a,,b")) };
        Assert.Equal(["a", "b"], Run("* | makemv delim=\",\" f", rows).Rows[0]["f"].Values);
        Assert.Equal(["a", string.Empty, "b"], Run("* | makemv delim=\",\" allowempty=true f", rows).Rows[0]["f"].Values);
    }

    [Fact]
    public void Tokenizer_takes_the_first_group_of_each_match()
    {
        // "tokenizer: A regex, with a capturing group, that is repeat-matched against the text of the field. For each
        // match, the first capturing group is used as a value". ESCU: makemv tokenizer="([\w\d\-]+)" process.
        var rows = new[] { Row(("process", "cmd.exe /c whoami-all")) };
        Assert.Equal(["cmd", "exe", "c", "whoami-all"], Run("""* | makemv tokenizer="([\w\d\-]+)" process""", rows).Rows[0]["process"].Values);
    }

    [Fact]
    public void Null_multivalue_and_empty_input()
    {
        Assert.Equal(["n=1"], Run("* | table f n | makemv f", [Row(("n", "1"))]).Lines());
        Assert.Equal(["a", "b", "c"], Run("* | makemv f", [Row(("f", new[] { "a b", "c" }))]).Rows[0]["f"].Values);
        Assert.Equal(["single"], Run("* | makemv f", [Row(("f", "single"))]).Column("f"));
        Assert.Empty(Run("* | makemv f", []).Rows);
    }

    [Theory]
    [InlineData("* | makemv setsv=true f", "makemv setsv=true is not supported", "setsv", SplDiagnosticId.UnsupportedOption)]
    [InlineData("* | makemv tokenizer=\"\\w+\" f", "needs a capturing group", "tokenizer", SplDiagnosticId.SyntaxError)]
    [InlineData("* | makemv delim=\",\" tokenizer=\"(\\w+)\" f", "makemv takes delim= or tokenizer=, not both", "makemv", SplDiagnosticId.SyntaxError)]
    [InlineData("* | makemv mvdelim=\",\" f", "unsupported makemv option 'mvdelim'", "mvdelim", SplDiagnosticId.UnsupportedOption)]
    [InlineData("* | makemv", "makemv needs a field", "makemv", SplDiagnosticId.SyntaxError)]
    public void Unsupported_forms_are_errors(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }
}
