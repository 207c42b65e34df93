using Vigil.Hunt;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// The three process-based IIS Components detections (ESCU's own YAML, over Endpoint.Processes through tstats) find
/// what the attack leaves in Sysmon EventID 1 and in Security 4688, and the same Sysmon events read as JSON and EVTX
/// give the same rows.
/// </summary>
public class IisProcessDetectionTests
{
    private const string AddNewModule = "38fe731c-1f13-43d4-b878-a5bbe44807e3";
    private const string DisableHttpLogging = "23fb6787-255f-4d5b-9a66-9fd7504032b5";
    private const string GacutilInstall = "7c025ef0-9e65-4c57-be39-1c13dbb1613e";
    private const string Host = "web01.contoso.local";
    private static readonly DateTime T0 = new(2024, 5, 14, 9, 30, 0, DateTimeKind.Utc);

    private static readonly (string Image, string CommandLine, string OriginalFileName)[] Attack =
    [
        (@"C:\Windows\System32\inetsrv\appcmd.exe", @"C:\Windows\System32\inetsrv\appcmd.exe install module /name:Backdoor /image:C:\Windows\Temp\backdoor.dll", "appcmd.exe"),
        (@"C:\Windows\System32\inetsrv\appcmd.exe", @"C:\Windows\System32\inetsrv\appcmd.exe set config /section:httplogging /dontLog:true", "appcmd.exe"),
        (@"C:\Program Files (x86)\Microsoft SDKs\Windows\v10.0A\bin\NETFX 4.8 Tools\gacutil.exe", @"gacutil.exe /i C:\Users\Public\IceApple.dll", "gacutil.exe"),
        // A benign appcmd run under msiexec, which the first two detections leave out.
        (@"C:\Windows\System32\inetsrv\appcmd.exe", @"appcmd.exe install module /name:Rewrite /image:C:\Windows\System32\inetsrv\rewrite.dll", "appcmd.exe"),
    ];

    private static TestEvent Sysmon1(int i) => new(
        1, Host, T0.AddMinutes(i), 100 + i, "Microsoft-Windows-Sysmon/Operational", "Microsoft-Windows-Sysmon",
        [
            ("RuleName", "-"), ("UtcTime", T0.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)),
            ("ProcessGuid", $"{{3A1D4E5F-0000-0000-0000-00000000000{i}}}"), ("ProcessId", (4000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Image", Attack[i].Image), ("FileVersion", "10.0.17763.1"), ("Description", "-"), ("Product", "-"), ("Company", "Microsoft Corporation"),
            ("OriginalFileName", Attack[i].OriginalFileName), ("CommandLine", Attack[i].CommandLine), ("CurrentDirectory", @"C:\Windows\system32\"),
            ("User", @"CONTOSO\webadmin"), ("LogonGuid", "{3A1D4E5F-1111-0000-0000-000000000000}"), ("LogonId", "0x3e7"), ("TerminalSessionId", "0"),
            ("IntegrityLevel", "High"), ("Hashes", "SHA256=0000000000000000000000000000000000000000000000000000000000000000"),
            ("ParentProcessGuid", "{3A1D4E5F-2222-0000-0000-000000000000}"), ("ParentProcessId", "3000"),
            ("ParentImage", i == 3 ? @"C:\Windows\System32\msiexec.exe" : @"C:\Windows\System32\cmd.exe"),
            ("ParentCommandLine", i == 3 ? "msiexec.exe /i rewrite.msi" : "cmd.exe"),
        ],
        Binary: null, Qualifiers: null);

    private static TestEvent Security4688(int i) => new(
        4688, Host, T0.AddMinutes(i), 200 + i, "Security", "Microsoft-Windows-Security-Auditing",
        [
            ("SubjectUserSid", "S-1-5-21-1-2-3-1104"), ("SubjectUserName", "webadmin"), ("SubjectDomainName", "CONTOSO"), ("SubjectLogonId", "0x3e7"),
            ("NewProcessId", "0x" + (4000 + i).ToString("x", System.Globalization.CultureInfo.InvariantCulture)), ("NewProcessName", Attack[i].Image),
            ("TokenElevationType", "%%1936"), ("ProcessId", "0xbb8"), ("CommandLine", Attack[i].CommandLine), ("TargetUserSid", "S-1-0-0"),
            ("TargetUserName", "-"), ("TargetDomainName", "-"), ("TargetLogonId", "0x0"),
            ("ParentProcessName", i == 3 ? @"C:\Windows\System32\msiexec.exe" : @"C:\Windows\System32\cmd.exe"),
            ("MandatoryLabel", "S-1-16-12288"),
        ],
        Binary: null, Qualifiers: null);

    private static string FileName(string windowsPath) => windowsPath[(windowsPath.LastIndexOf('\\') + 1)..];

    private static List<string> Rows(string detectionId, string input)
    {
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(TestPaths.RequireShared("escu"));
        var (compiled, failures) = DetectionCompiler.Compile([content.Library.Find(detectionId)!], content.Definitions);
        Assert.Empty(failures);
        var report = HuntRunner.Run(compiled, new HuntOptions { Inputs = [input], Knowledge = content.CreateFieldKnowledge() });
        Assert.Equal(0, report.MalformedEvents);
        return report.Results.Single().Result.Lines();
    }

    [Theory]
    [InlineData(AddNewModule, 0)]
    [InlineData(DisableHttpLogging, 1)]
    [InlineData(GacutilInstall, 2)]
    public void Each_detection_finds_its_attack_in_Sysmon_process_creation(string detection, int attack)
    {
        using var dir = new TempDirectory();
        var input = dir.Write("sysmon.log", TestEvent.SplunkFile(Enumerable.Range(0, Attack.Length).Select(Sysmon1).ToList()));
        var rows = Rows(detection, input);
        var row = Assert.Single(rows);
        var process = Attack[attack].CommandLine;
        var name = FileName(Attack[attack].Image);
        var expected = detection == GacutilInstall
            ? $"dest={Host} user=webadmin parent_process_name=cmd.exe process_name={name} process={process} process_id={4000 + attack} parent_process_id=3000"
            : $"dest={Host} user=webadmin parent_process_name=cmd.exe process_name={name} original_file_name={Attack[attack].OriginalFileName} process={process} process_id={4000 + attack} parent_process_id=3000";
        var time = T0.AddMinutes(attack).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{expected} count=1 firstTime={time} lastTime={time}", row);
    }

    [Theory]
    [InlineData(AddNewModule, 0)]
    [InlineData(DisableHttpLogging, 1)]
    [InlineData(GacutilInstall, 2)]
    public void Each_detection_finds_its_attack_in_Security_4688(string detection, int attack)
    {
        using var dir = new TempDirectory();
        var input = dir.Write("security.log", TestEvent.SplunkFile(Enumerable.Range(0, Attack.Length).Select(Security4688).ToList()));
        var row = Assert.Single(Rows(detection, input));
        // 4688 writes process ids in hex, as the add-on leaves them; the command line keeps what Windows logged.
        var processId = "0x" + (4000 + attack).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"dest={Host} user=webadmin parent_process_name=cmd.exe process_name={FileName(Attack[attack].Image)} ", row, StringComparison.Ordinal);
        Assert.Contains(Attack[attack].CommandLine[Attack[attack].CommandLine.IndexOf(' ', StringComparison.Ordinal)..], row, StringComparison.Ordinal);
        Assert.Contains($" process_id={processId} parent_process_id=0xbb8 count=1", row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wevtutil-xml")]
    [InlineData("evtx")]
    [InlineData("winlogbeat")]
    [InlineData("winlogbeat-with-xml")]
    [InlineData("evtx-dump-jsonl")]
    public void The_same_Sysmon_events_in_another_form_give_the_same_rows(string form)
    {
        var events = Enumerable.Range(0, Attack.Length).Select(Sysmon1).ToList();
        using var dir = new TempDirectory();
        var xml = dir.Write("sysmon.log", TestEvent.SplunkFile(events));
        var other = CrossFormatTests.Write(dir, form, events);
        foreach (var detection in new[] { AddNewModule, DisableHttpLogging, GacutilInstall })
        {
            var expected = Rows(detection, xml);
            Assert.Single(expected);
            Assert.Equal(expected, Rows(detection, other));
        }
    }
}
