using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>
/// Every command given bad paths or options stops before any work with a short error on stderr and exit status 2 (the
/// README's), never a stack trace or the whole help.
/// </summary>
public class UsageErrorTests
{
    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    private static readonly string ShippedDetection = Path.Combine(TestPaths.RepoRoot, "content", "detections", "endpoint", "windows_iis_components_module_failed_to_load.yml");

    // Arguments separated by ';'; SAMPLE is the bundled sample log, SAMPLES its folder (no content in it), DETECTION a
    // detection file (no macro in it).
    public static TheoryData<string> BadCommandLines() =>
    [
        "",
        "frobnicate",
        "hunt",
        "hunt;--no-store;--bogus;SAMPLE",
        "hunt;--no-store;SAMPLE;--threads;0",
        "hunt;--no-store;SAMPLE;--format;xml",
        "hunt;--no-store;/nonexistent/file.log",
        "hunt;--no-store;SAMPLE;/nonexistent/other.log",
        "hunt;--no-store;SAMPLE;--tz;Mars/Olympus",
        "hunt;--no-store;SAMPLE;--detection;no such detection",
        "hunt;--no-store;SAMPLE;--content;/nonexistent/content",
        "hunt;--no-store;SAMPLE;--addon;/nonexistent/addon",
        "hunt;--no-store;SAMPLE;--content;SAMPLES",
        "hunt;--no-store;SAMPLE;--macros;DETECTION",
        "hunt;--no-store;SAMPLE;--macros;/nonexistent/macros.yml",
        "hunt;--no-store;SAMPLE;--output;/nonexistent/folder/out.csv",
        "hunt;--no-store;SAMPLE;--output;SAMPLES",
        "export;SAMPLE;--output;/nonexistent/folder/out.jsonl",
        "search;EventCode=2282;SAMPLE;--output;/nonexistent/folder/out.csv",
        "report;--html;/nonexistent/folder/report.html",
        "test;--junit;/nonexistent/folder/junit.xml",
        "drilldown;abc;--output;/nonexistent/folder/out.csv",
        "export;/nonexistent/file.log",
        "export;SAMPLE;--fields;some",
        "search",
        "search;| frobnicate;SAMPLE",
        "search;EventCode=2282;/nonexistent/file.log",
        "detections;--content;/nonexistent/content",
        "hunt;--no-store;SAMPLE;--limit;bogus=1",
        "hunt;--no-store;SAMPLE;--limit;xml.event-size=0",
        "search;EventCode=2282;SAMPLE;--limit;spl.stats-groups",
        "export;SAMPLE;--limit;json.depth=1001",
        "test;--limit;spl.macro-depth=-1",
        "drilldown;abc;--limit;evtx.nesting-depth=x",
    ];

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void Bad_paths_and_options_are_a_short_error_with_status_2(string commandLine)
    {
        var args = commandLine.Length == 0 ? [] : commandLine.Split(';').Select(a => a switch
        {
            "SAMPLE" => Sample,
            "SAMPLES" => TestPaths.Samples,
            "DETECTION" => ShippedDetection,
            _ => a,
        }).ToArray();
        var (exit, output, errors) = RunVigil(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.NotEmpty(errors.Trim());
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Options:", errors, StringComparison.Ordinal);
        Assert.True(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 4, errors);
    }
}
