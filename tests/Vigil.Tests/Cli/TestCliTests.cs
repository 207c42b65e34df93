using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil test</c> as a user types it: the shipped tests, failing and missing data, and the JUnit file.</summary>
public class TestCliTests
{
    private const string Seed = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private const string SeedDataUrl = "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1505.004/2282_windows-application.log";
    private static readonly string ShippedData = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components");

    private static readonly string[] IisComponents =
    [
        "Windows IIS Components Module Failed to Load",
        "Windows IIS Components Add New Module",
        "Windows IIS Components Get-WebGlobalModule Module Query",
        "Windows IIS Components New Module Added",
        "Windows PowerShell Add Module to Global Assembly Cache",
        "Windows PowerShell Disable HTTP Logging",
        "Windows PowerShell IIS Components WebGlobalModule Usage",
        "Windows Server Software Component GACUtil Install to GAC",
        "Windows Disable Windows Event Logging Disable HTTP Logging",
    ];

    [Fact]
    public void The_seed_passes_on_its_shipped_2282_data()
    {
        var (exit, output, errors) = RunVigil("test", "--detection", Seed);
        Assert.True(exit == 0, output + errors);
        Assert.Matches(@"Windows IIS Components Module Failed to Load\s+True Positive Test\s+PASS\s+5\s", output);
        Assert.Contains("tests: 1 run, 1 passed, 0 failed, 0 skipped, 0 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_seed_fails_with_status_1_when_its_data_holds_no_2282()
    {
        using var temp = new TempDirectory();
        var lines = File.ReadAllLines(Path.Combine(ShippedData, "2282_windows-application.log"));
        var without = lines.Where(l => !l.Contains(">2282</EventID>", StringComparison.Ordinal)).ToList();
        Assert.True(without.Count > 0 && without.Count < lines.Length);
        temp.Write("2282_windows-application.log", string.Join('\n', without) + "\n");

        var (exit, output, _) = RunVigil("test", "--detection", Seed, "--data-dir", temp.Path);
        Assert.Equal(1, exit);
        Assert.Matches(@"True Positive Test\s+FAIL\s+2\s", output);
        Assert.Contains("FAIL Windows IIS Components Module Failed to Load / True Positive Test: the search returned no result", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_data_is_status_2_naming_the_url_and_where_it_was_looked_for()
    {
        using var temp = new TempDirectory();
        var empty = Directory.CreateDirectory(Path.Combine(temp.Path, "data")).FullName;
        temp.Write("content/detections/missing.yml", SeedWithTest("Missing Data Detection", "a5a1c7e2-0000-4000-8000-00000000d47a", "https://example.org/attack_data/not_shipped_anywhere.log", observables: "dest Hostname Victim"));

        var (exit, output, errors) = RunVigil("test", "--content", Path.Combine(temp.Path, "content"), "--detection", "Missing Data Detection", "--data-dir", empty);
        Assert.Equal(2, exit);
        Assert.Contains("ERROR Missing Data Detection / True Positive Test: test data https://example.org/attack_data/not_shipped_anywhere.log not found (looked in " + empty + ", ", output, StringComparison.Ordinal);
        Assert.Contains("(1 for missing test data)", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, errors);
    }

    [Fact]
    public void A_data_map_names_the_file_for_a_url()
    {
        using var temp = new TempDirectory();
        var copy = temp.Write("elsewhere/app-log-copy.xml", File.ReadAllText(Path.Combine(ShippedData, "2282_windows-application.log")));
        var map = temp.Write("data.map", "# URL<TAB>path\n" + SeedDataUrl + "\telsewhere/app-log-copy.xml\n");
        Assert.True(File.Exists(copy));

        var (exit, output, _) = RunVigil("test", "--detection", Seed, "--data-map", map, "--format", "json");
        Assert.Equal(0, exit);
        Assert.Contains("\"result\": \"PASS\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_iis_components_detection_passes_the_two_text_forms_included()
    {
        var args = new List<string> { "test" };
        foreach (var name in IisComponents)
        {
            args.AddRange(["--detection", name]);
        }

        var (exit, output, errors) = RunVigil([.. args]);
        Assert.True(exit == 0, output + errors);
        foreach (var name in IisComponents)
        {
            Assert.Matches(System.Text.RegularExpressions.Regex.Escape(name) + @"\s+True Positive Test\s+PASS", output);
        }

        // Classic WinEventLog text (three event 29s) and the scripted input's key=value text (twelve modules).
        Assert.Matches(@"Windows IIS Components New Module Added\s+True Positive Test\s+PASS\s+3\s", output);
        Assert.Matches(@"Windows IIS Components Get-WebGlobalModule Module Query\s+True Positive Test\s+PASS\s+12\s", output);
        Assert.Contains("tests: 9 run, 9 passed, 0 failed, 0 skipped, 0 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_story_lists_its_nine_shipped_detections()
    {
        var story = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "content", "stories", "iis_components.yml"));
        var (_, listed, _) = RunVigil("detections");
        foreach (var name in IisComponents)
        {
            Assert.Contains("- " + name + "\n", story, StringComparison.Ordinal);
            Assert.Contains(name + " [shipped]", listed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_missing_threat_object_fails_the_test_saying_which()
    {
        using var temp = new TempDirectory();
        // The GACUtil search, its threat object a field its results never carry (they have process_name, not process_path).
        var search = "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.process_name=gacutil.exe Processes.process IN (\"*-i *\",\"*/i *\") by Processes.dest Processes.user Processes.parent_process_name Processes.process_name Processes.process | `drop_dm_object_name(Processes)`";
        temp.Write("content/detections/threat.yml", SeedWithTest("Threat Object Missing", "a5a1c7e2-0000-4000-8000-0000000007b7",
            "https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/attack_techniques/T1505.004/gacutil_windows-sysmon.log",
            observables: "dest Hostname Victim;process_path Process Attacker;process_name Process Attacker", search: search, sourcetype: "xmlwineventlog", source: "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"));

        var (exit, output, _) = RunVigil("test", "--content", Path.Combine(temp.Path, "content"), "--detection", "Threat Object Missing");
        Assert.Equal(1, exit);
        Assert.Contains("FAIL Threat Object Missing / True Positive Test: threat object field 'process_path' is missing or empty in all 1 results", output, StringComparison.Ordinal);
        Assert.DoesNotContain("'process_name'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_junit_file_is_valid_junit_xml_with_a_suite_per_story_and_the_failure_message()
    {
        using var temp = new TempDirectory();
        var lines = File.ReadAllLines(Path.Combine(ShippedData, "2282_windows-application.log"));
        temp.Write("data/2282_windows-application.log", string.Join('\n', lines.Where(l => !l.Contains(">2282</EventID>", StringComparison.Ordinal))) + "\n");
        temp.Write("content/detections/nostory.yml", SeedWithTest("No Story Detection", "a5a1c7e2-0000-4000-8000-0000000005a0", SeedDataUrl, observables: "dest Hostname Victim", story: null));
        temp.Write("content/detections/manual.yml", SeedWithTest("Manual Detection", "a5a1c7e2-0000-4000-8000-0000000005a1", SeedDataUrl, observables: "dest Hostname Victim", manualTest: "needs a live IIS server"));
        var junit = Path.Combine(temp.Path, "out", "results.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(junit)!);

        var (exit, _, _) = RunVigil("test", "--content", Path.Combine(temp.Path, "content"), "--detection", Seed, "--detection", "Manual Detection",
            "--detection", "No Story Detection", "--detection", "Windows PowerShell Disable HTTP Logging", "--data-dir", Path.Combine(temp.Path, "data"), "--junit", junit);
        Assert.Equal(1, exit);

        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestPaths.RepoRoot, "tests", "Vigil.Tests", "Testing", "junit.xsd"));
        var document = XDocument.Load(junit);
        var invalid = new List<string>();
        document.Validate(schemas, (_, e) => invalid.Add(e.Message));
        Assert.Empty(invalid);

        var root = document.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(["4", "2", "0", "1"], new[] { "tests", "failures", "errors", "skipped" }.Select(a => root.Attribute(a)!.Value));
        Assert.Equal(["IIS Components", "content"], root.Elements("testsuite").Select(s => s.Attribute("name")!.Value));
        var iis = root.Elements("testsuite").First();
        Assert.Equal("3", iis.Attribute("tests")!.Value);
        var failed = iis.Elements("testcase").Single(c => c.Attribute("classname")!.Value == "Windows IIS Components Module Failed to Load");
        Assert.Equal("True Positive Test", failed.Attribute("name")!.Value);
        Assert.Equal("the search returned no result", failed.Element("failure")!.Attribute("message")!.Value);
        var skipped = iis.Elements("testcase").Single(c => c.Element("skipped") is not null);
        Assert.Equal("manual test: needs a live IIS server", skipped.Element("skipped")!.Attribute("message")!.Value);
        var noStory = root.Elements("testsuite").Last().Elements("testcase").Single();
        Assert.Equal("No Story Detection", noStory.Attribute("classname")!.Value);
        Assert.NotNull(noStory.Element("failure"));
    }

    [Fact]
    public void Usage_errors_are_status_2_in_one_line()
    {
        var (exit, output, errors) = RunVigil("test", "--detection", "no such detection");
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: no detection named or with id 'no such detection' ", errors.Split('(')[0]);
        Assert.Single(errors.Trim().Split('\n'));
    }

    /// <summary>A detection in ESCU's v3 shape: observables "field Type Role;...", one True Positive Test over one file.</summary>
    private static string SeedWithTest(string name, string id, string data, string observables, string? search = null, string? story = "IIS Components",
        string sourcetype = "XmlWinEventLog", string source = "XmlWinEventLog:Application", string? manualTest = null)
    {
        var observableYaml = string.Concat(observables.Split(';').Select(o => o.Split(' ')).Select(o => $"  - name: {o[0]}\n    type: {o[1]}\n    role:\n    - {o[2]}\n"));
        search ??= "`wineventlog_application` EventCode=2282 | stats count min(_time) as firstTime max(_time) as lastTime by EventCode dest Name ModuleDll";
        return $"""
            name: {name}
            id: {id}
            version: 1
            date: '2024-01-01'
            status: production
            type: TTP
            search: '{search.Replace("'", "''", StringComparison.Ordinal)}'
            tags:
            {(story is null ? string.Empty : $"  analytic_story:\n  - {story}\n")}{(manualTest is null ? string.Empty : $"  manual_test: {manualTest}\n")}  confidence: 50
              impact: 50
              message: test
              observable:
            {observableYaml}tests:
            - name: True Positive Test
              attack_data:
              - data: {data}
                source: {source}
                sourcetype: {sourcetype}

            """;
    }
}
