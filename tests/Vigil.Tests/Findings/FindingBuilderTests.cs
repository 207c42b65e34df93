using Vigil.Content.Model;
using Vigil.Findings;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Findings;

/// <summary>
/// Findings as ES's risk action makes them: a risk entry per risk-object value, a threat entry per threat-object value,
/// the message with its tokens filled. Each test here fails if one of those rules is broken on purpose.
/// </summary>
public class FindingBuilderTests
{
    private static Detection Detection(string message = "$process_name$ ran on $dest$ as $user$") => new()
    {
        Name = "Test Detection",
        Id = "00000000-0000-0000-0000-000000000001",
        Search = "| makeresults",
        Origin = "test",
        RiskMessage = message,
        RiskObjects = [new RiskObjectSpec("dest", RiskObjectType.System, 40), new RiskObjectSpec("user", RiskObjectType.User, 20)],
        ThreatObjects = [new ThreatObjectSpec("process_name", "process"), new ThreatObjectSpec("parent_process_name", "parent_process")],
    };

    private static readonly string[] Columns = ["dest", "user", "process_name", "parent_process_name"];

    [Fact]
    public void Every_value_of_a_multivalue_risk_object_is_a_risk_entry_of_its_own_type_and_score()
    {
        var row = Row(("dest", new[] { "web01", "web02", "web01", "" }), ("user", "alice"), ("process_name", "cmd.exe"));
        var finding = FindingBuilder.Build(Detection(), Columns, row);
        Assert.Equal(
            [new RiskEntry("web01", RiskObjectType.System, 40), new RiskEntry("web02", RiskObjectType.System, 40), new RiskEntry("alice", RiskObjectType.User, 20)],
            finding.Risk);
    }

    [Fact]
    public void Every_threat_object_value_present_is_kept_with_its_type()
    {
        var row = Row(("dest", "web01"), ("process_name", new[] { "cmd.exe", "powershell.exe" }), ("parent_process_name", "w3wp.exe"));
        var finding = FindingBuilder.Build(Detection(), Columns, row);
        Assert.Equal(
            [new ThreatEntry("cmd.exe", "process"), new ThreatEntry("powershell.exe", "process"), new ThreatEntry("w3wp.exe", "parent_process")],
            finding.Threats);
    }

    [Fact]
    public void Message_tokens_take_the_rows_values_multivalues_joined_and_missing_fields_empty()
    {
        var row = Row(("dest", "web01"), ("process_name", new[] { "cmd.exe", "whoami.exe" }));
        Assert.Equal("cmd.exe, whoami.exe ran on web01 as ", FindingBuilder.Build(Detection(), Columns, row).RiskMessage);

        // A pair of dollars around something with a space, or nothing, is no token.
        Assert.Equal("costs $5 and $6 on web01 $$", FindingBuilder.FillTokens("costs $5 and $6 on $dest$ $$", row));
    }

    [Fact]
    public async Task The_id_is_the_first_half_of_the_sha256_of_the_detection_the_row_and_the_evidence()
    {
        // Stored findings are found again by id: its bytes must not change. Values outside ASCII and multivalues too.
        var row = Row(("dest", "wéb01"), ("user", new[] { "alice", "b\U0001F600b" }), ("process_name", "cmd.exe"));
        var origin = new Vigil.Events.Model.EvtxOrigin("logs/../logs/a.evtx", 2, 1001, 0x31A8);
        row.Evidence = Vigil.Spl.Values.Evidence.Of(new Vigil.Events.Model.EventReference(origin, null), null);
        var text = "00000000-0000-0000-0000-000000000001\ndest=wéb01\nuser=alice\u001fb\U0001F600b\nprocess_name=cmd.exe\nparent_process_name=\n"
            + Path.GetFullPath("logs/a.evtx") + "\u001fchunk 2, record 1001, offset 0x31A8\n";
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
        Assert.Equal(expected, FindingBuilder.Build(Detection(), Columns, row).Id);

        // The same on another thread and again on this one (each thread keeps its buffers).
        Assert.Equal(expected, await Task.Run(() => FindingBuilder.Build(Detection(), Columns, row).Id, TestContext.Current.CancellationToken));
        Assert.Equal(expected, FindingBuilder.Build(Detection(), Columns, row).Id);
    }

    [Fact]
    public void A_row_whose_risk_objects_are_all_empty_makes_no_finding_unless_the_detection_has_none()
    {
        var empty = Row(("dest", ""), ("process_name", "cmd.exe"));
        Assert.Null(FindingBuilder.TryBuild(Detection(), Columns, empty));
        Assert.NotNull(FindingBuilder.TryBuild(Detection(), Columns, Row(("user", "bob"))));
        Assert.NotNull(FindingBuilder.TryBuild(Detection() with { RiskObjects = [] }, Columns, empty));
    }
}
