using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// regex, pinned to the Splunk Search Reference "regex" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Regex).
/// </summary>
public class RegexTests
{
    private static Vigil.Spl.Values.Row[] Rows() =>
    [
        Raw("alpha event", ("process", @"C:\Windows\rundll32.exe")),
        Raw("beta event", ("process", @"C:\tools\RUNDLL32.EXE x")),
        Raw("gamma event", ("process", "notepad.exe")),
        Raw("no process here"),
    ];

    [Fact]
    public void Field_equals_keeps_the_rows_whose_field_matches_anywhere()
    {
        // "<field>=<regex-expression>: keeps results that match"; the expression is unanchored.
        Assert.Equal(["alpha event", "beta event"], Run("""* | regex process="(?i)(rundll32\.exe.{0,4}$)" """, Rows()).Column("_raw"));
        Assert.Equal(["gamma event"], Run("""* | regex process = "pad" """, Rows()).Column("_raw"));
    }

    [Fact]
    public void Field_not_equals_keeps_the_rest_including_rows_without_the_field()
    {
        // "To keep results that do not match, specify <field>!=<regex-expression>."
        Assert.Equal(["gamma event", "no process here"], Run("""* | regex process!="(?i)rundll32" """, Rows()).Column("_raw"));
    }

    [Fact]
    public void Without_a_field_the_expression_matches_raw()
    {
        // "Default: _raw".
        Assert.Equal(["alpha event", "gamma event"], Run("""* | regex "^(alpha|gamma)" """, Rows()).Column("_raw"));
    }

    [Fact]
    public void Long_values_keep_the_rows_that_match()
    {
        // 400 rows of 1,000 characters, tested as match() tests them (TieredRegex: a linear twin once they take long).
        var rows = Enumerable.Range(0, 400)
            .Select(i => Raw($"e{i}", ("script", new string('a', 990) + (i % 3 == 0 ? "Invoke-Mimikatz" : "Get-ChildItem"))))
            .ToArray();
        var kept = Run("""* | regex script="(?i)invoke-(mimikatz|shellcode)" """, rows).Column("_raw");
        Assert.Equal(Enumerable.Range(0, 400).Where(i => i % 3 == 0).Select(i => $"e{i}"), kept);
        Assert.Equal(400 - kept.Count, Run("""* | regex script!="(?i)invoke-(mimikatz|shellcode)" """, rows).Rows.Count);
    }

    [Fact]
    public void A_multivalue_field_matches_when_any_value_does()
    {
        var rows = new[] { Row(("v", new[] { "one", "two" })), Row(("v", new[] { "three", "four" })) };
        Assert.Equal(["one\ntwo"], Run("""* | regex v="^tw" """, rows).Column("v"));
        Assert.Equal(["three\nfour"], Run("""* | regex v!="^tw" """, rows).Column("v"));
    }

    [Fact]
    public void Pcre_code_points_in_braces_match()
    {
        // ESCU: regex file_name = "\\x{202E}" (the right-to-left override); SPL turns \\ into \ inside quotes.
        var rows = new[] { Row(("file_name", "invoice\u202Efdp.exe")), Row(("file_name", "invoice.pdf")) };
        Assert.Equal(["invoice\u202Efdp.exe"], Run("""* | regex file_name =  "\\x{202E}" """, rows).Column("file_name"));
    }

    [Fact]
    public void Empty_input_gives_no_rows()
    {
        Assert.Empty(Run("""* | regex x="y" """, []).Rows);
    }

    [Theory]
    [InlineData("""* | regex process="(unclosed" """, "invalid regular expression", "\"(", SplDiagnosticId.InvalidRegex)]
    [InlineData("""* | regex process""", "regex takes field=\"regex\"", "process", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | regex process=="x" """, "regex takes field=\"regex\"", "process", SplDiagnosticId.SyntaxError)]
    [InlineData("""* | regex a="x" b="y" """, "unexpected text after the regex expression", "b=", SplDiagnosticId.SyntaxError)]
    public void Broken_forms_are_errors(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }
}
