using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Spl.Execution;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// ESCU's five map detections (<c>appendpipe [| map search="search `wineventlog_security` EventCode=4624
/// TargetLogonId=$TargetLogonId$"]</c>) in a hunt over Security events of a replication request and logons: the hunt
/// reads its inputs again for the one detection whose map has rows, instead of holding every logon, and gives what
/// holding gives.
/// </summary>
public sealed class MapRereadTests
{
    private static readonly string[] MapDetections =
    [
        "Windows AD Replication Request Initiated by User Account",
        "Windows AD Replication Request Initiated from Unsanctioned Location",
        "Windows AD Domain Controller Promotion",
        "Windows AD Suspicious Attribute Modification",
        "Windows AD Short Lived Domain Controller SPN Attribute",
    ];

    [Fact]
    public void Reading_again_finds_what_holding_finds_and_holds_nothing()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("security.log", SecurityLog());
        var held = Hunt(log, readAgain: false, eventsHeld: 50_000, out var heldRereads);
        var reread = Hunt(log, readAgain: true, eventsHeld: 50_000, out var rereads);

        Assert.Equal(0, heldRereads);
        Assert.Equal(1, rereads);
        Assert.Equal(Lines(held), Lines(reread));
        Assert.Equal(held.Results.SelectMany(r => r.Findings).Select(f => f.Id), reread.Results.SelectMany(r => r.Findings).Select(f => f.Id));

        // The logon the map search found gives the finding its source address.
        var replication = reread.Results.Single(r => r.Compiled.Detection.Name == MapDetections[0]);
        var row = Assert.Single(replication.Result.Rows);
        Assert.Equal("10.1.2.3", row["src_ip"].FirstText);
        Assert.Equal("mallory", row["user"].FirstText);

        // Holding one event is too many for a held map; reading again holds none.
        var stopped = Hunt(log, readAgain: false, eventsHeld: 1, out _);
        Assert.Contains(stopped.Results, r => r.Result.Failure?.Limit == SplLimits.EventsHeldName);
        var unstopped = Hunt(log, readAgain: true, eventsHeld: 1, out _);
        Assert.All(unstopped.Results, r => Assert.Null(r.Result.Failure));
        Assert.Equal(Lines(held), Lines(unstopped));
    }

    [Fact]
    public void A_file_gone_before_it_is_read_again_is_reported()
    {
        using var dir = new TempDirectory();
        var log = dir.Write("security.log", SecurityLog());
        var problems = new List<InputProblem>();
        Hunt(log, readAgain: true, eventsHeld: 50_000, out _, onReread: () => File.Delete(log), onProblem: problems.Add);
        var problem = Assert.Single(problems);
        Assert.Equal(InputProblemKind.UnreadableFile, problem.Kind);
        Assert.StartsWith("read again", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EventCode=4624 [search EventCode=4662 | fields SubjectLogonId | rename SubjectLogonId as TargetLogonId] | table TargetLogonId src_ip", 1, "TargetLogonId=0x51a7e src_ip=10.1.2.3")]
    [InlineData("EventCode=4624 [search EventCode=9999 | fields SubjectLogonId | rename SubjectLogonId as TargetLogonId] | table TargetLogonId src_ip", 0, null)]
    [InlineData("EventCode=5555 [search EventCode=4662 | fields SubjectLogonId | rename SubjectLogonId as TargetLogonId] | table TargetLogonId src_ip", 0, null)]
    public void A_base_search_reads_again_only_when_its_subsearch_left_something_to_find(string search, int readings, string? row)
    {
        using var dir = new TempDirectory();
        var log = dir.Write("security.log", SecurityLog());
        var content = LoadedContent.Shipped();
        var count = 0;
        var pipeline = Vigil.Spl.Execution.SplPipeline.Compile(search, content.Definitions);
        var pass = EventPass.Run([pipeline], new HuntOptions { Inputs = [log], Knowledge = content.CreateFieldKnowledge(), OnReread = _ => count++ }, SearchContext.Utc(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(readings, count);
        Assert.Equal(row is null ? [] : [row], pass.Results[0].Result.Lines());
    }

    [Fact]
    public void Searches_completing_together_read_again_in_turn_and_each_finds_what_it_finds_alone()
    {
        // Runs complete on several threads; each of these reads the events again when it completes.
        using var dir = new TempDirectory();
        var log = dir.Write("security.log", SecurityLog());
        var content = LoadedContent.Shipped();
        var searches = Enumerable.Range(0, 8)
            .Select(i => $"EventCode=4624 [search EventCode=4662 | fields SubjectLogonId | rename SubjectLogonId as TargetLogonId] | eval n={i} | table n TargetLogonId src_ip")
            .ToList();
        var pipelines = searches.Select(s => Vigil.Spl.Execution.SplPipeline.Compile(s, content.Definitions)).ToList();
        var readings = 0;
        var reading = 0;
        var overlapped = false;
        var pass = EventPass.Run(pipelines, new HuntOptions
        {
            Inputs = [log],
            Knowledge = content.CreateFieldKnowledge(),
            Input = InputOptions.Default with { Threads = 2 },
            OnReread = _ =>
            {
                // A reading starts here; lingering gives another one the time to start beside it, were they not in turn.
                Interlocked.Increment(ref readings);
                overlapped |= Interlocked.Increment(ref reading) > 1;
                Thread.Sleep(50);
                Interlocked.Decrement(ref reading);
            },
        }, SearchContext.Utc(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(searches.Count, readings);
        Assert.False(overlapped, "two readings ran at once");
        for (var i = 0; i < searches.Count; i++)
        {
            Assert.Equal([$"n={i} TargetLogonId=0x51a7e src_ip=10.1.2.3"], pass.Results[i].Result.Lines());
        }
    }

    private static HuntReport Hunt(string log, bool readAgain, int eventsHeld, out int rereads, Action? onReread = null, Action<InputProblem>? onProblem = null)
    {
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(TestPaths.RequireShared("escu"));
        content.Definitions.Limits = SplLimits.Default.With(SplLimits.EventsHeldName, eventsHeld);
        var detections = MapDetections.Select(name => content.Library.Detections.Single(d => d.Name == name)).ToList();
        var (compiled, failures) = DetectionCompiler.Compile(detections, content.Definitions);
        Assert.Empty(failures);
        var count = 0;
        var report = HuntRunner.Run(compiled, new HuntOptions
        {
            Inputs = [log],
            Knowledge = content.CreateFieldKnowledge(),
            ReadEventsAgain = readAgain,
            OnReread = _ =>
            {
                count++;
                onReread?.Invoke();
            },
            OnProblem = onProblem,
        }, TestContext.Current.CancellationToken);
        rereads = count;
        return report;
    }

    private static List<string> Lines(HuntReport report) =>
        report.Results.SelectMany(r => r.Result.Rows.Select(row => r.Compiled.Detection.Name + ": " + string.Join("|", row.Names.Select(n => $"{n}={row[n]}")))).ToList();

    /// <summary>Logons, then user mallory's directory replication request (DCSync) in logon 0x51a7e, then another logon.</summary>
    private static string SecurityLog() => string.Join('\n',
        Logon(1, "0x51a7e", "10.1.2.3"),
        Logon(2, "0x60000", "10.9.9.9"),
        Event(4662, 3,
        [
            ("SubjectUserSid", "S-1-5-21-1-2-3-1104"), ("SubjectUserName", "mallory"), ("SubjectDomainName", "CONTOSO"), ("SubjectLogonId", "0x51a7e"),
            ("ObjectServer", "DS"), ("ObjectType", "%{19195a5b-6da0-11d0-afd3-00c04fd930c9}"), ("ObjectName", "%{3c0b7b1d-1a1b-4c5e-9f43-2b0b7d1b2a11}"),
            ("OperationType", "Object Access"), ("HandleId", "0x0"), ("AccessList", "%%7688"), ("AccessMask", "0x100"),
            ("Properties", "%%7688 {1131f6ad-9c07-11d1-f79f-00c04fc2dcd2} {19195a5b-6da0-11d0-afd3-00c04fd930c9}"),
        ]),
        Logon(4, "0x51a7f", "10.1.2.4")) + "\n";

    private static string Logon(int record, string logonId, string ip) => Event(4624, record,
    [
        ("SubjectUserSid", "S-1-5-18"), ("SubjectUserName", "DC01$"), ("SubjectDomainName", "CONTOSO"), ("SubjectLogonId", "0x3e7"),
        ("TargetUserSid", "S-1-5-21-1-2-3-1104"), ("TargetUserName", "mallory"), ("TargetDomainName", "CONTOSO"), ("TargetLogonId", logonId),
        ("LogonType", "3"), ("LogonProcessName", "NtLmSsp"), ("AuthenticationPackageName", "NTLM"), ("IpAddress", ip), ("IpPort", "50123"),
    ]);

    /// <summary>A Security event in Splunk's XmlWinEventLog form, an audit success.</summary>
    private static string Event(int code, int record, (string Name, string Value)[] data) =>
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>"
        + $"<EventID>{code}</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>"
        + $"<TimeCreated SystemTime='2024-03-01T10:00:0{record}.000000000Z'/><EventRecordID>{record}</EventRecordID><Correlation/><Execution ProcessID='650' ThreadID='700'/>"
        + "<Channel>Security</Channel><Computer>dc01.contoso.local</Computer><Security/></System><EventData>"
        + string.Concat(data.Select(d => $"<Data Name='{d.Name}'>{d.Value}</Data>"))
        + "</EventData></Event>";
}
