using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>--addon and export --fields as a user types them.</summary>
public class AddOnCliTests
{
    private static readonly string SplunkSample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    [Fact]
    public void A_users_add_on_replaces_the_shipped_stanza_it_defines_and_its_problems_are_warnings_with_file_and_line()
    {
        using var dir = new TempDirectory();
        dir.Write("TA-mine/default/props.conf", """
            [source::XmlWinEventLog:Application]
            EVAL-dest = lower(Computer) . ":app"
            EVAL-broken = nosuchfunction(Computer)
            """);
        var addOn = Path.Combine(dir.Path, "TA-mine");
        var (exit, output, errors) = RunVigil("hunt", "--no-store", SplunkSample, "--addon", addOn, "-f", "csv", "--detection", "40c2ba5b-dd6a-496b-9e6e-c9524d0be167");
        Assert.Equal(0, exit);
        Assert.Contains("win-dc-exch01.attackrange.local:app", output, StringComparison.Ordinal);
        Assert.Contains($"warning: knowledge {Path.Combine(addOn, "default", "props.conf")}:3: EVAL-broken cannot run", errors, StringComparison.Ordinal);

        // The shipped Application stanza is replaced whole: its Error_Code is gone, the [XmlWinEventLog] fields stay.
        var exported = RunVigil("export", SplunkSample, "--addon", addOn, "--no-raw").Out.Split('\n')[0];
        Assert.DoesNotContain("\"Error_Code\"", exported, StringComparison.Ordinal);
        Assert.Contains("\"vendor_product\":\"Microsoft Windows\"", exported, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extraction_that_runs_out_of_time_is_a_warning_after_the_events_and_the_rest_is_still_written()
    {
        using var dir = new TempDirectory();
        dir.Write("TA-slow/default/props.conf", """
            [XmlWinEventLog]
            EXTRACT-runaway = (?<run>(a+)+$) in Note
            """);
        var events = string.Concat(new[] { new string('a', 80) + "!", "aaa" }.Select((note, i) =>
            $"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Probe'/><EventID>1</EventID>"
            + $"<TimeCreated SystemTime='2024-05-01T08:00:0{i}.000000000Z'/><EventRecordID>{i + 1}</EventRecordID><Channel>Application</Channel>"
            + $"<Computer>web01</Computer></System><EventData><Data Name='Note'>{note}</Data></EventData></Event>\n"));
        var input = dir.Write("slow.log", events);
        var addOn = Path.Combine(dir.Path, "TA-slow");
        var (exit, output, errors) = RunVigil("export", input, "--addon", addOn, "--no-raw");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain("\"run\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"run\":\"aaa\"", lines[1], StringComparison.Ordinal);
        Assert.Contains($"warning: knowledge {Path.Combine(addOn, "default", "props.conf")}:2: EXTRACT-runaway: a regular expression ran past its 2 s on a text of 81 characters: that text of Note gives no more fields", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_add_on_directory_is_an_error()
    {
        var (exit, _, errors) = RunVigil("hunt", "--no-store", SplunkSample, "--addon", "/nonexistent/TA-nothing");
        Assert.Equal(2, exit);
        Assert.Contains("error: knowledge /nonexistent/TA-nothing: no such directory", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_shows_the_computed_fields_event_types_and_tags_unless_asked_for_raw_fields()
    {
        var all = RunVigil("export", SplunkSample, "--no-raw").Out.Split('\n')[0];
        var raw = RunVigil("export", SplunkSample, "--no-raw", "--fields", "raw").Out.Split('\n')[0];
        foreach (var computed in new[] { "\"dest\":", "\"dvc\":", "\"vendor_product\":", "\"eventtype\":", "\"tag\":" })
        {
            Assert.Contains(computed, all, StringComparison.Ordinal);
            Assert.DoesNotContain(computed, raw, StringComparison.Ordinal);
        }

        Assert.Contains("\"source\":\"XmlWinEventLog:Application\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"wineventlog_application\"", all, StringComparison.Ordinal);
    }
}
