using Vigil.Hunt;
using Vigil.Testing.Data;
using Vigil.Testing.Replay;
using Vigil.Testing.Running;
using Vigil.Testing.Selection;
using Vigil.Tests.Support;

namespace Vigil.Tests.Testing;

/// <summary>How a test's attack data is replayed: update_timestamp, and the test's source and sourcetype.</summary>
public class ReplayTests
{
    private static readonly string ShippedData = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components");
    private static readonly DateTimeOffset Now = new(2031, 5, 17, 6, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Update_timestamp_moves_the_newest_event_to_now_and_keeps_the_spacing()
    {
        var content = LoadedContent.Shipped();
        var detection = content.Library.Find("Windows PowerShell IIS Components WebGlobalModule Usage")!;
        var test = Assert.Single(detection.Tests);
        Assert.True(Assert.Single(test.AttackData).UpdateTimestamp);

        var outcome = DetectionTestRunner.Run(new TestCase(detection, test), new TestRunOptions
        {
            Content = content,
            Locator = new AttackDataLocator([ShippedData], []),
            Now = Now,
        });

        Assert.Equal(TestStatus.Pass, outcome.Status);
        var row = Assert.Single(outcome.Result!.Rows);
        // The file's newest event (09:05:58.10) is now; the search's only match is that event.
        Assert.Equal("2031-05-17T06:30:00", row["lastTime"].ToString());

        var path = Path.Combine(ShippedData, "4104_windows-powershell.log");
        var shift = ReplayMetadata.ShiftToNow(path, Now);
        Assert.Equal(Now.UtcDateTime, ReplayMetadata.NewestEventTime(path)!.Value.ToDateTime() + shift);
    }

    [Fact]
    public void Without_update_timestamp_events_keep_their_times()
    {
        var content = LoadedContent.Shipped();
        var detection = content.Library.Find("Windows IIS Components Module Failed to Load")!;
        var outcome = DetectionTestRunner.Run(new TestCase(detection, detection.Tests[0]), new TestRunOptions
        {
            Content = content,
            Locator = new AttackDataLocator([ShippedData], []),
            Now = Now,
        });

        Assert.Equal(TestStatus.Pass, outcome.Status);
        Assert.Equal("2024-03-11T09:15:08", Assert.Single(outcome.Result!.Rows)["lastTime"].ToString());
    }

    [Fact]
    public void The_tests_source_and_sourcetype_replace_those_vigil_derives()
    {
        var content = LoadedContent.Shipped();
        var detection = content.Library.Find("Windows IIS Components Module Failed to Load")! with
        {
            // host, not dest: the Application log's dest comes from knowledge for source XmlWinEventLog:Application,
            // which no longer applies once the replay names another source.
            Search = "sourcetype=\"IIS:Test\" source=\"replayed:application\" EventCode=2282 | stats count values(dest) as app_dest by host source sourcetype | rename host as dest",
        };
        var test = new Vigil.Content.Model.DetectionTest("True Positive Test", null,
            [new Vigil.Content.Model.AttackData("https://example.org/x/2282_windows-application.log", "replayed:application", "IIS:Test", UpdateTimestamp: false)]);

        var outcome = DetectionTestRunner.Run(new TestCase(detection, test), new TestRunOptions { Content = content, Locator = new AttackDataLocator([ShippedData], []) });

        Assert.Equal(TestStatus.Pass, outcome.Status);
        var row = Assert.Single(outcome.Result!.Rows);
        Assert.Equal(["web03.fabrikam.local", "replayed:application", "IIS:Test", "3"], [row["dest"].ToString(), row["source"].ToString(), row["sourcetype"].ToString(), row["count"].ToString()]);
        Assert.True(row["app_dest"].IsNull);
    }

    [Fact]
    public void Lowercase_xmlwineventlog_gets_the_windows_add_ons_knowledge()
    {
        Assert.Equal("XmlWinEventLog", ReplayMetadata.Sourcetype("xmlwineventlog"));
        Assert.Equal("IIS:Configuration:Operational", ReplayMetadata.Sourcetype("IIS:Configuration:Operational"));
        Assert.Null(ReplayMetadata.Sourcetype(null));
    }
}
