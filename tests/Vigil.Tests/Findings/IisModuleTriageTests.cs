using Vigil.Events.Model;
using Vigil.Events.Xml;
using Vigil.Findings.Triage;
using Vigil.Spl.Values;
using Vigil.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tests.Findings;

/// <summary>
/// The triage facts for 2282 findings: the error in &lt;Binary&gt;, the worker's architecture, where the module's
/// path lies, and the related IIS, WAS and IIS-Configuration events per host. Expected codes and names are those of
/// Microsoft's System Error Codes pages (docs/triage.md), worked out by hand from the little-endian bytes.
/// </summary>
public class IisModuleTriageTests
{
    private const string Host = "web01.corp.example";
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    private static Row Event(TestEvent testEvent) => Searchable.Row(XmlEventParser.Parse(testEvent.ToSplunk(), new LineOrigin("triage-test", 1)));

    private static Row Refusal(string moduleDll, string? binary = "C1000000", string? architecture = "AMD64", string host = Host, DateTime? time = null, long record = 1)
    {
        List<(string, string)> data = [("ModuleDll", moduleDll)];
        if (architecture is not null)
        {
            data.Add(("ProcessorArchitecture", architecture));
        }

        return Event(new TestEvent(2282, host, time ?? T0, record, Data: data, Binary: binary));
    }

    private static Row Was(int code, string appPool, string host = Host, DateTime? time = null, long record = 100) =>
        Event(new TestEvent(code, host, time ?? T0, record, Channel: "System", Provider: "Microsoft-Windows-WAS", Data: [("AppPoolID", appPool)]));

    private static List<string> Values(IEnumerable<TriageFact> facts, string label) => facts.Where(f => f.Label == label).Select(f => f.Value).ToList();

    // ---- the real ESCU event -------------------------------------------------------------------------------------

    [Fact]
    public void The_real_ESCU_2282_event_gives_its_module_error_architecture_and_path_facts()
    {
        var file = TestPaths.RequireShared("escu", "data_sources", "windows_event_log_application_2282.yml");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        var log = ((YamlScalarNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("example_log")]).Value!;
        var row = Searchable.Row(XmlEventParser.Parse(log.Trim(), new LineOrigin(file, 1)));

        Assert.True(IisModuleTriage.Applies(row));
        var facts = IisModuleTriage.Facts([row], []);

        Assert.Equal(["c:\\temp\\msf.dll"], Values(facts, "Module DLL"));
        // The event's <Binary> is C1000000: bytes C1 00 00 00, little-endian 0x000000C1 = 193.
        Assert.Equal(
            ["0xC1 ERROR_BAD_EXE_FORMAT (193): the DLL is not a valid image for this process (wrong architecture: a 32-bit DLL in a 64-bit worker process or the reverse)"],
            Values(facts, "Load error"));
        Assert.StartsWith("AMD64: the worker process (w3wp.exe) is 64-bit x64", Assert.Single(Values(facts, "Worker process architecture")), StringComparison.Ordinal);
        // c:\temp is outside every module folder and is a temp folder; a folder at the drive root is not claimed user-writable.
        Assert.Equal(["outside", "temp"], PathClasses(Values(facts, "Module path")));
        var none = Assert.Single(facts, f => f.Label == "Related events on win-dc-exch01.attackrange.local");
        Assert.StartsWith("none in the inputs", none.Value, StringComparison.Ordinal);
    }

    // ---- which events the triage reads ---------------------------------------------------------------------------

    [Fact]
    public void Only_2282s_from_the_IIS_worker_process_are_read()
    {
        Assert.True(IisModuleTriage.Applies(Refusal(@"c:\temp\msf.dll")));
        Assert.True(IisModuleTriage.Applies(Event(new TestEvent(2282, Host, T0, 1, Provider: "microsoft-windows-iis-w3svc-wp", Data: [("ModuleDll", "x.dll")]))));
        Assert.False(IisModuleTriage.Applies(Event(new TestEvent(2280, Host, T0, 1, Data: [("ModuleDll", "x.dll")], Binary: "05000000"))));
        Assert.False(IisModuleTriage.Applies(Event(new TestEvent(2282, Host, T0, 1, Provider: "Some-Backup-Agent", Data: [("ModuleDll", "x.dll")]))));
        Assert.Empty(IisModuleTriage.Facts([Event(new TestEvent(2280, Host, T0, 1, Data: [("ModuleDll", "x.dll")], Binary: "05000000"))], []));
    }

    [Fact]
    public void Each_distinct_module_error_and_architecture_is_reported_once()
    {
        var facts = IisModuleTriage.Facts(
        [
            Refusal(@"c:\temp\msf.dll", "C1000000", "AMD64", record: 1),
            Refusal(@"C:\TEMP\MSF.DLL", "c1000000", "amd64", record: 2), // the same refusal written differently
            Refusal(@"c:\temp\msf.dll", "C100000000000000", "AMD64", record: 3), // the same code as an 8-byte value
            Refusal(@"c:\temp\msf.dll", "C1000000", "x86", record: 4),
            Refusal(@"C:\ProgramData\rg.dll", "7E000000", "AMD64", record: 5),
        ], []);

        Assert.Equal([@"c:\temp\msf.dll", @"c:\temp\msf.dll", @"C:\ProgramData\rg.dll"], Values(facts, "Module DLL"));
        var errors = Values(facts, "Load error");
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("0x7E ERROR_MOD_NOT_FOUND (126)", errors[2], StringComparison.Ordinal);
        var architectures = Values(facts, "Worker process architecture");
        Assert.StartsWith("x86:", architectures[1], StringComparison.Ordinal);
        // Facts about a module follow its "Module DLL" fact: the ProgramData one is last.
        Assert.Equal("Module DLL", facts.First(f => f.Value == @"C:\ProgramData\rg.dll").Label);
        Assert.Contains(facts.SkipWhile(f => f.Value != @"C:\ProgramData\rg.dll"), f => f.Value.StartsWith("in a user-writable location", StringComparison.Ordinal));
    }

    [Fact]
    public void Odd_evidence_gives_facts_saying_so_never_an_exception()
    {
        var facts = IisModuleTriage.Facts([Refusal(string.Empty, binary: "XYZ", architecture: null)], []);

        Assert.Equal(["(none: the event names no module)"], Values(facts, "Module DLL"));
        Assert.StartsWith("malformed error data", Assert.Single(Values(facts, "Load error")), StringComparison.Ordinal);
        Assert.StartsWith("not given", Assert.Single(Values(facts, "Worker process architecture")), StringComparison.Ordinal);
        Assert.Equal(["empty"], PathClasses(Values(facts, "Module path")));
    }

    // ---- the error in <Binary> -----------------------------------------------------------------------------------

    [Theory]
    [InlineData("00000000", "0x0 ERROR_SUCCESS (0)")]
    [InlineData("02000000", "0x2 ERROR_FILE_NOT_FOUND (2)")]
    [InlineData("03000000", "0x3 ERROR_PATH_NOT_FOUND (3)")]
    [InlineData("05000000", "0x5 ERROR_ACCESS_DENIED (5)")]
    [InlineData("0B000000", "0xB ERROR_BAD_FORMAT (11)")]
    [InlineData("7E000000", "0x7E ERROR_MOD_NOT_FOUND (126)")]
    [InlineData("7F000000", "0x7F ERROR_PROC_NOT_FOUND (127)")]
    [InlineData("C1000000", "0xC1 ERROR_BAD_EXE_FORMAT (193)")]
    [InlineData("D8000000", "0xD8 ERROR_EXE_MACHINE_TYPE_MISMATCH (216)")]
    [InlineData("41020000", "0x241 ERROR_INVALID_IMAGE_HASH (577)")]
    [InlineData("5A040000", "0x45A ERROR_DLL_INIT_FAILED (1114)")]
    [InlineData("EC040000", "0x4EC ERROR_ACCESS_DISABLED_BY_POLICY (1260)")]
    [InlineData("9F130000", "0x139F ERROR_INVALID_STATE (5023)")]
    [InlineData("B1360000", "0x36B1 ERROR_SXS_CANT_GEN_ACTCTX (14001)")]
    public void A_known_Win32_code_is_named_with_hex_decimal_and_meaning(string binary, string expected)
    {
        var described = EventErrorData.Describe(binary);

        Assert.StartsWith(expected + ": ", described, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown error", described, StringComparison.Ordinal);
        Assert.True(described.Length > expected.Length + 10, described);
        Assert.Equal(expected, EventErrorData.Summarize(binary));
    }

    [Theory]
    [InlineData("c1 00 00 00")]
    [InlineData(" c1000000\n")]
    [InlineData("C100000000000000")]
    public void Case_white_space_and_a_zero_upper_half_do_not_change_the_code(string binary) =>
        Assert.Equal(EventErrorData.Describe("C1000000"), EventErrorData.Describe(binary));

    [Fact]
    public void An_unknown_code_shows_hex_and_decimal_as_unknown()
    {
        // 34 12 00 00 little-endian is 0x1234 = 4660; 05 40 00 80 is 0x80004005, an HRESULT outside FACILITY_WIN32.
        Assert.Equal("0x1234 (4660): unknown error", EventErrorData.Describe("34120000"));
        Assert.Equal("0x80004005 (2147500037): unknown error", EventErrorData.Describe("05400080"));
    }

    [Fact]
    public void A_Win32_HRESULT_is_unwrapped_to_its_Win32_code()
    {
        // 7E 00 07 80 is 0x8007007E: FACILITY_WIN32 around 0x7E. 05 00 07 80 is the data of a real WAS 5139 event.
        Assert.StartsWith("HRESULT 0x8007007E, Win32 error 0x7E ERROR_MOD_NOT_FOUND (126): ", EventErrorData.Describe("7E000780"), StringComparison.Ordinal);
        Assert.Equal("HRESULT 0x80070005, Win32 error 0x5 ERROR_ACCESS_DENIED (5)", EventErrorData.Summarize("05000780"));
        Assert.Equal("HRESULT 0x8007BEEF, Win32 error 0xBEEF (48879)", EventErrorData.Summarize("EFBE0780"));
    }

    [Fact]
    public void Eight_bytes_with_a_non_zero_upper_half_decode_the_first_four_and_show_the_rest()
    {
        var described = EventErrorData.Describe("7E00000001000000");

        Assert.StartsWith("0x7E ERROR_MOD_NOT_FOUND (126): ", described, StringComparison.Ordinal);
        Assert.Contains("the other 4, 01000000, are not interpreted", described, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no error data")]
    [InlineData("", "no error data")]
    [InlineData("   ", "no error data")]
    [InlineData("C100000", "malformed error data 'C100000': an odd number of hex digits")]
    [InlineData("ZZ000000", "malformed error data 'ZZ000000': not hexadecimal")]
    [InlineData("0xC1000000", "malformed error data '0XC1000000': not hexadecimal")]
    [InlineData("C10000", "error data of 3 bytes (C10000) is not the 4-byte error code")]
    [InlineData("C1000000C1", "error data of 5 bytes (C1000000C1) is not the 4-byte error code")]
    public void Missing_malformed_and_odd_sized_data_is_a_fact_not_an_exception(string? binary, string expectedStart) =>
        Assert.StartsWith(expectedStart, EventErrorData.Describe(binary), StringComparison.Ordinal);

    [Fact]
    public void A_long_malformed_value_is_cut_short_in_the_fact()
    {
        var described = EventErrorData.Describe(new string('G', 500));

        Assert.Contains("...", described, StringComparison.Ordinal);
        Assert.True(described.Length < 120, described);
    }

    // ---- the worker's architecture -------------------------------------------------------------------------------

    [Theory]
    [InlineData("AMD64", "AMD64: the worker process (w3wp.exe) is 64-bit x64", "32-bit x86")]
    [InlineData("x86", "x86: the worker process is 32-bit", "64-bit build")]
    [InlineData("ARM64", "ARM64: the worker process runs as ARM64", "x64 or x86")]
    [InlineData("MIPS", "MIPS: an architecture Vigil has no note for", "refused DLL was not")]
    [InlineData(null, "not given", "no processor architecture")]
    [InlineData(" ", "not given", "no processor architecture")]
    public void The_architecture_is_read_as_the_worker_process_s_own(string? architecture, string expectedStart, string expectedPart)
    {
        var described = WorkerArchitecture.Describe(architecture);

        Assert.StartsWith(expectedStart, described, StringComparison.Ordinal);
        Assert.Contains(expectedPart, described, StringComparison.Ordinal);
    }

    // ---- where the module's path lies ----------------------------------------------------------------------------

    [Theory]
    [InlineData(@"C:\Windows\System32\inetsrv\cachuri.dll", "System32-inetsrv")]
    [InlineData(@"%windir%\System32\inetsrv\iiscore.dll", "System32-inetsrv")]
    [InlineData("%SystemRoot%/system32/INETSRV/custerr.dll", "System32-inetsrv")]
    [InlineData(@"""%windir%\system32\inetsrv\gzip.dll""", "System32-inetsrv")]
    [InlineData(@"\\?\C:\Windows\System32\inetsrv\static.dll", "System32-inetsrv")]
    [InlineData(@"D:\Windows\System32\inetsrv\static.dll", "System32-inetsrv")]
    [InlineData(@"C:\Windows\SysWOW64\inetsrv\cachuri.dll", "SysWOW64-inetsrv")]
    [InlineData(@"%ProgramFiles%\IIS\Asp.Net Core Module\V2\aspnetcorev2.dll", "Program Files")]
    [InlineData(@"C:\Program Files (x86)\IIS\Asp.Net Core Module\V2\aspnetcorev2.dll", "Program Files (x86)")]
    [InlineData(@"%ProgramFiles(x86)%\IIS Express\x.dll", "Program Files (x86)")]
    [InlineData(@"%windir%\Microsoft.NET\Framework64\v4.0.30319\webengine4.dll", ".NET")]
    [InlineData(@"c:\temp\msf.dll", "outside,temp")]
    [InlineData(@"C:\Windows\Temp\x.dll", "outside,temp,user-writable")]
    [InlineData(@"C:\Users\iisadmin\AppData\Local\Temp\x.dll", "outside,temp,user-writable")]
    [InlineData(@"%TEMP%\x.dll", "outside,temp,user-writable")]
    [InlineData(@"C:\Users\Public\Downloads\x.dll", "outside,user-writable")]
    [InlineData(@"C:\ProgramData\Microsoft\x.dll", "outside,user-writable")]
    [InlineData(@"C:\PerfLogs\x.dll", "outside,user-writable")]
    [InlineData(@"C:\Windows\Tasks\x.dll", "outside,user-writable")]
    [InlineData(@"C:\Windows\System32\spool\drivers\color\x.dll", "outside,user-writable")]
    [InlineData(@"C:\Windows\System32\x.dll", "outside")]
    [InlineData(@"E:\MSExchange2019\ClientAccess\Owa\auth\exppw.dll", "outside")]
    [InlineData(@"C:\Windows\System32\inetsrv\..\..\Temp\x.dll", "outside,temp,user-writable")]
    [InlineData(@"C:\Windows\System32\inetsrv\.\x.dll", "System32-inetsrv")]
    [InlineData(@"\Windows\System32\inetsrv\x.dll", "System32-inetsrv")]
    [InlineData(@"\\fileserver\share\modules\x.dll", "UNC")]
    [InlineData("//fileserver/share/x.dll", "UNC")]
    [InlineData(@"\\?\UNC\fileserver\share\x.dll", "UNC")]
    [InlineData(@"\\attacker.example@SSL\DavWWWRoot\x.dll", "WebDAV")]
    [InlineData(@"\\attacker.example@8080\share\x.dll", "WebDAV")]
    [InlineData("msf.dll", "relative")]
    [InlineData(@"modules\msf.dll", "relative")]
    [InlineData("C:msf.dll", "relative")]
    [InlineData(@"%NOSUCHVAR%\x.dll", "variable")]
    [InlineData("", "empty")]
    [InlineData("  \"\"  ", "empty")]
    public void A_module_path_is_classified(string moduleDll, string expected) =>
        Assert.Equal(expected.Split(','), PathClasses(ModuleLocation.Describe(moduleDll)));

    [Fact]
    public void Each_path_fact_gives_its_reason()
    {
        var facts = ModuleLocation.Describe(@"C:\Users\bob\AppData\Local\Temp\x.dll");

        Assert.Contains(@"outside the IIS module folders (System32\inetsrv, SysWOW64\inetsrv, Program Files, the .NET Framework folder): unusual for a legitimate module", facts);
        Assert.Contains(facts, f => f.StartsWith(@"in a user-writable location (\AppData\): accounts without administrator rights", StringComparison.Ordinal));
        Assert.Contains(@"on a network share (\\files01\...): the worker process would load code from another machine", ModuleLocation.Describe(@"\\files01\share\x.dll"));
    }

    /// <summary>Names each path fact by its opening words; a fact none of them opens fails the test.</summary>
    private static List<string> PathClasses(IEnumerable<string> facts) => facts.Select(f => f switch
    {
        _ when f.StartsWith(@"in an IIS module folder (System32\inetsrv)", StringComparison.Ordinal) => "System32-inetsrv",
        _ when f.StartsWith(@"in an IIS module folder (SysWOW64\inetsrv)", StringComparison.Ordinal) => "SysWOW64-inetsrv",
        _ when f.StartsWith("in Program Files (x86):", StringComparison.Ordinal) => "Program Files (x86)",
        _ when f.StartsWith("in Program Files:", StringComparison.Ordinal) => "Program Files",
        _ when f.StartsWith("in the .NET Framework folder:", StringComparison.Ordinal) => ".NET",
        _ when f.StartsWith("outside the IIS module folders", StringComparison.Ordinal) => "outside",
        _ when f.StartsWith("in a temporary folder", StringComparison.Ordinal) => "temp",
        _ when f.StartsWith("in a user-writable location", StringComparison.Ordinal) => "user-writable",
        _ when f.StartsWith("on a network share", StringComparison.Ordinal) => "UNC",
        _ when f.StartsWith("on a WebDAV share", StringComparison.Ordinal) => "WebDAV",
        _ when f.StartsWith("a relative path", StringComparison.Ordinal) => "relative",
        _ when f.StartsWith("no path", StringComparison.Ordinal) => "empty",
        _ when f.StartsWith("uses %", StringComparison.Ordinal) => "variable",
        _ => throw new InvalidOperationException("unexpected path fact: " + f),
    }).ToList();

    // ---- the related-events search -------------------------------------------------------------------------------

    [Fact]
    public void The_related_events_search_selects_exactly_the_related_events()
    {
        List<TestEvent> wanted =
        [
            new(2280, Host, T0, 1, Data: [("ModuleDll", "x.dll")], Binary: "05000000"),
            new(2293, Host, T0, 2),
            new(2295, Host, T0, 3),
            new(2296, Host, T0, 4),
            new(5002, Host, T0, 5, Channel: "System", Provider: "Microsoft-Windows-WAS"),
            new(5009, Host, T0, 6, Channel: "System", Provider: "Microsoft-Windows-WAS"),
            new(29, Host, T0, 7, Channel: "Microsoft-IIS-Configuration/Operational", Provider: "Microsoft-Windows-IIS-Configuration", Qualifiers: null),
        ];
        List<TestEvent> unwanted =
        [
            new(2282, Host, T0, 11, Data: [("ModuleDll", "x.dll")], Binary: "C1000000"), // the evidence itself
            new(2280, Host, T0, 12, Provider: "Some-Application"), // the same ID from another provider
            new(2280, Host, T0, 13, Channel: "System"), // the right provider in another log
            new(5002, Host, T0, 14, Channel: "System", Provider: "mtkwlex"), // a network driver's 5002
            new(5009, Host, T0, 15, Channel: "Application", Provider: "Microsoft-Windows-WAS"),
            new(5186, Host, T0, 16, Channel: "System", Provider: "Microsoft-Windows-WAS"), // a WAS event not listed
            new(50, Host, T0, 17, Channel: "Microsoft-IIS-Configuration/Operational", Provider: "Microsoft-Windows-IIS-Configuration", Qualifiers: null),
            new(29, Host, T0, 18, Channel: "Microsoft-IIS-Configuration/Administrative", Provider: "Microsoft-Windows-IIS-Configuration", Qualifiers: null),
            new(29, Host, T0, 19, Channel: "Security", Provider: "Microsoft-Windows-Security-Auditing", Qualifiers: null),
        ];
        var rows = wanted.Concat(unwanted).Select(Event).ToList();

        var selected = Support.Spl.Run(IisModuleTriage.RelatedEventsSearch, rows).Rows.Select(r => r["EventRecordID"].ToString()).ToList();

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], selected);
        // The triage's own reading of rows agrees with the search, row for row.
        Assert.Equal(selected, rows.Where(r => RelatedEventKind.Of(r) is not null).Select(r => r["EventRecordID"].ToString()));
        Assert.Equal(RelatedEventKind.All.Select(k => k.EventCode), wanted.Select(e => e.EventCode));
    }

    // ---- related events per host ---------------------------------------------------------------------------------

    [Fact]
    public void Related_events_are_listed_for_the_evidence_host_only_with_what_they_name()
    {
        List<Row> related =
        [
            Event(new TestEvent(2280, Host, T0.AddMinutes(-2), 10, Data: [("ModuleDll", @"E:\MSExchange2019\ClientAccess\Owa\auth\exppw.dll")], Binary: "05000000")),
            Was(5002, "DefaultAppPool", host: "WEB01", time: T0.AddMinutes(1), record: 11), // the short name of the same machine
            Event(new TestEvent(29, Host, T0.AddMinutes(-60), 12, Channel: "Microsoft-IIS-Configuration/Operational", Provider: "Microsoft-Windows-IIS-Configuration", Qualifiers: null,
                Data: [("Configuration", "/system.webServer/globalModules/add"), ("ConfigPath", "MACHINE/WEBROOT/APPHOST"), ("NewValue", "EvilModule")])),
            Was(5009, "OtherPool", host: "web02.corp.example", time: T0, record: 13),
            Refusal(@"c:\temp\msf.dll", record: 14), // not a related kind: ignored
        ];

        var facts = IisModuleTriage.Facts([Refusal(@"c:\temp\msf.dll")], related);

        Assert.Equal(
        [
            "2022-12-20T14:58:25Z IIS-Configuration 29: an IIS configuration change was committed (Configuration=/system.webServer/globalModules/add, ConfigPath=MACHINE/WEBROOT/APPHOST, NewValue=EvilModule)",
            @"2022-12-20T15:56:25Z IIS-W3SVC-WP 2280: a module DLL failed to load (ModuleDll=E:\MSExchange2019\ClientAccess\Owa\auth\exppw.dll); error 0x5 ERROR_ACCESS_DENIED (5)",
            "2022-12-20T15:59:25Z WAS 5002: an application pool was disabled after a series of failures in its worker processes (rapid-fail protection) (AppPoolID=DefaultAppPool)",
        ], Values(facts, "Related event on " + Host));
        Assert.DoesNotContain(facts, f => f.Value.Contains("OtherPool", StringComparison.Ordinal));
        Assert.DoesNotContain(facts, f => f.Label.Contains("web02", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_evidence_host_gets_its_own_related_events()
    {
        List<Row> related = [Was(5009, "PoolA", host: Host, record: 1), Was(5009, "PoolB", host: "web02.corp.example", record: 2)];

        var facts = IisModuleTriage.Facts(
            [Refusal("a.dll", host: Host), Refusal("b.dll", host: "web02.corp.example"), Refusal("c.dll", host: "WEB01.corp.example"), Refusal("d.dll", host: "WEB01")],
            related);

        Assert.Contains("(AppPoolID=PoolA)", Assert.Single(Values(facts, "Related event on " + Host)), StringComparison.Ordinal);
        Assert.Contains("(AppPoolID=PoolB)", Assert.Single(Values(facts, "Related event on web02.corp.example")), StringComparison.Ordinal);
        Assert.DoesNotContain(facts, f => f.Label.Contains("WEB01", StringComparison.Ordinal)); // one host, whatever its case or form
    }

    [Fact]
    public void At_most_twenty_per_host_the_nearest_to_the_2282_sorted_by_time_and_the_rest_counted()
    {
        // Ten old events a month before the 2282 (minutes 0..9 of that day) and fifteen in the minutes after it.
        var old = Enumerable.Range(0, 10).Select(k => T0.AddDays(-30).AddMinutes(k)).ToList();
        var recent = Enumerable.Range(1, 15).Select(m => T0.AddMinutes(m)).ToList();
        var related = old.Concat(recent).Select((t, i) => Was(5009, "Pool" + i, time: t, record: i + 1)).Reverse().ToList();

        var facts = RelatedEventFacts.ForHost(related, Host, [Timestamp.FromDateTime(T0)]);

        // The twenty nearest: all fifteen recent ones and the five latest old ones (minutes 5..9); five old ones left out.
        var expected = old.Skip(5).Concat(recent).Select(t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var shown = Values(facts, "Related event on " + Host);
        Assert.Equal(expected, shown.Select(v => v[..20]));
        Assert.Equal(RelatedEventFacts.Shown, shown.Count);
        Assert.Equal("5 more (the 20 shown are the nearest in time to the 2282 events)", Assert.Single(Values(facts, "Related events on " + Host + " not shown")));
    }

    [Fact]
    public void Without_a_2282_time_the_earliest_twenty_are_kept_and_duplicates_count_once()
    {
        var times = Enumerable.Range(0, 22).Select(m => T0.AddMinutes(m)).ToList();
        var related = times.Select((t, i) => Was(5009, "Pool", time: t, record: i + 1)).ToList();
        related.Add(Was(5009, "Pool", time: times[0], record: 1)); // the same event read from a second file

        var facts = RelatedEventFacts.ForHost(related, Host, []);

        Assert.Equal(20, Values(facts, "Related event on " + Host).Count);
        Assert.StartsWith("2022-12-20T15:58:25Z", Values(facts, "Related event on " + Host)[0], StringComparison.Ordinal);
        Assert.Equal("2 more (the 20 shown are the earliest)", Assert.Single(Values(facts, "Related events on " + Host + " not shown")));
    }

    [Fact]
    public void A_host_without_related_events_says_which_events_were_looked_for()
    {
        var fact = Assert.Single(RelatedEventFacts.ForHost([Was(5009, "Pool", host: "elsewhere")], Host, []));

        Assert.Equal("Related events on " + Host, fact.Label);
        Assert.Equal("none in the inputs (IIS-W3SVC-WP 2280; IIS-W3SVC-WP 2293; IIS-W3SVC-WP 2295; IIS-W3SVC-WP 2296; WAS 5002; WAS 5009; IIS-Configuration 29)", fact.Value);
    }
}
