using Vigil.Sinks;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Sinks;

/// <summary>
/// Event data is attacker-controlled: in CSV a formula must not run when an analyst opens the file in a spreadsheet,
/// and on a terminal an escape sequence must be shown, not interpreted.
/// </summary>
public class OutputSafetyTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-5", "-5")]
    [InlineData("+3.25", "+3.25")]
    [InlineData("c:\\temp\\msf.dll", "c:\\temp\\msf.dll")]
    [InlineData("a=b", "a=b")]
    public void Csv_cells_a_spreadsheet_would_run_are_neutralized_and_numbers_kept(string value, string written) =>
        Assert.Equal(written, Csv.Neutralize(value));

    [Fact]
    public void Terminal_text_shows_control_characters_and_bidi_overrides_instead_of_sending_them()
    {
        Assert.Equal("a\\x1B[31mred\\x1B]0;title\\x07", TerminalText.Visible("a\u001b[31mred\u001b]0;title\u0007"));
        Assert.Equal("x\\u202Egnp.exe", TerminalText.Visible("x\u202egnp.exe"));
        Assert.Equal("two\nlines\\x0D", TerminalText.Visible("two\nlines\r"));
        Assert.Equal("Agent Ü&Co", TerminalText.Visible("Agent Ü&Co"));
    }

    [Fact]
    public void A_hunt_writes_neither_a_live_formula_to_csv_nor_an_escape_sequence_to_the_terminal()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("app.log", TestEvent.SplunkFile(
        [
            TestEvent.Iis2282("web01", "=HYPERLINK(\"http://x\")", T0, 1),
            TestEvent.Iis2282("web02", "c:\\x\u001b]0;pwned\u0007\u001b[2J.dll", T0, 2),
        ]));
        const string Seed = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";

        var csv = RunVigil("hunt", "--no-store", log, "--detection", Seed, "-f", "csv");
        Assert.Equal(0, csv.Exit);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\")\",", csv.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv.Out, StringComparison.Ordinal);

        var table = RunVigil("hunt", "--no-store", log, "--detection", Seed);
        Assert.Equal(0, table.Exit);
        Assert.DoesNotContain('\u001b', table.Out);
        Assert.DoesNotContain('\u0007', table.Out);
        Assert.Contains("\\x1B]0;pwned\\x07", table.Out, StringComparison.Ordinal);
    }
}
