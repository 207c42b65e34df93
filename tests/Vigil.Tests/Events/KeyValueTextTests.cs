using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tests.Events;

/// <summary>Key=value text under a declared sourcetype (PATH::SOURCETYPE): a PowerShell scripted input's output.</summary>
public class KeyValueTextTests
{
    private const string Sourcetype = "Pwsh:InstalledIISModules";
    private static readonly string ShippedModules = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components", "pwsh_installediismodules.log");

    [Fact]
    public void The_data_sources_example_event_gives_its_field()
    {
        var file = TestPaths.RequireShared("escu", "data_sources", "powershell_installed_iis_modules.yml");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        var map = (YamlMappingNode)yaml.Documents[0].RootNode;
        var example = ((YamlScalarNode)map.Children[new YamlScalarNode("example_log")]).Value!;
        using var temp = new TempDirectory();
        var winEvent = Assert.Single(Read(temp.Write("modules.log", example + "\n"), Sourcetype, out var problems));
        Assert.Empty(problems);
        Assert.Equal("Microsoft.IIs.PowerShell.Framework.ConfigurationElementSchema", winEvent["Schema"]);
        Assert.Equal(Sourcetype, winEvent.Metadata.Sourcetype);
    }

    [Fact]
    public void The_shipped_module_list_reads_one_event_a_module_with_splunks_file_metadata()
    {
        var events = Read(ShippedModules, Sourcetype, out var problems);
        Assert.Empty(problems);
        Assert.Equal(12, events.Count);
        var planted = events[^1];
        Assert.Equal("HttpCacheHelper", planted["name"]);
        Assert.Equal(@"C:\Windows\Temp\iisshim.dll", planted["image"]);
        Assert.Equal("bitness64", planted["preCondition"]);
        Assert.Equal("/system.webServer/globalModules/add[@name='HttpCacheHelper']", planted["ItemXPath"]);
        Assert.Null(events[0]["preCondition"]); // preCondition="" makes no field
        Assert.Equal(new EventMetadata(Sourcetype, Path.GetFullPath(ShippedModules), Environment.MachineName), planted.Metadata);
        Assert.Equal(EventTime.FromDateTime(File.GetLastWriteTimeUtc(ShippedModules)), planted.Time);
        Assert.Equal(new LineOrigin(ShippedModules, 89), planted.Origin);
    }

    [Fact]
    public void Without_a_sourcetype_key_value_text_is_not_read_and_the_problem_says_how()
    {
        var problems = new List<InputProblem>();
        Assert.Null(InputCatalog.Open(ShippedModules, problems.Add));
        Assert.Contains("key=value text needs its sourcetype, PATH::SOURCETYPE", Assert.Single(problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pairs_are_found_as_splunks_automatic_extraction_finds_them()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("kv.log",
            "action=allowed user=\"FABRIKAM\\j doe\" port=443 tag=a tag=b\r\n" +
            "note=\"x=1 y=2\" empty=\"\" _hidden=yes\r\n" +
            "\r\n\r\n" +
            "just words, no pairs at all\r\n" +
            "still none\r\n" +
            "\r\n" +
            "last=one\r\n");
        var events = Read(path, "custom:kv", out var problems);
        Assert.Equal(2, events.Count);
        var first = events[0];
        Assert.Equal(["action", "user", "port", "tag", "tag", "note"], first.Fields.Select(f => f.Name));
        Assert.Equal(@"FABRIKAM\j doe", first["user"]);
        Assert.Equal("x=1 y=2", first["note"]);
        Assert.Equal(["a", "b"], first.Fields.Where(f => f.Name == "tag").Select(f => f.Value));
        Assert.Equal("one", events[1]["last"]);
        Assert.Equal(new LineOrigin(path, 8), events[1].Origin);
        Assert.Equal($"{path}:5-6: malformed event: no key=value pair in it", Assert.Single(problems).ToString());
    }

    [Fact]
    public void A_declared_sourcetype_replaces_the_one_a_recognised_form_gives()
    {
        var classic = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components", "IIS-Configuration-Operational.log");
        var reader = new InputReader([classic + "::IIS:Configuration:Operational"], InputOptions.Default, _ => { });
        var events = reader.Read(null, TestContext.Current.CancellationToken).ToList();
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal(new EventMetadata("IIS:Configuration:Operational", "WinEventLog:Microsoft-IIS-Configuration/Operational", "web03.fabrikam.local"), e.Metadata));
        Assert.Equal(new InputSpec(classic, "IIS:Configuration:Operational"), reader.CurrentInput);
    }

    [Fact]
    public void An_input_spec_takes_an_existing_path_whole_and_splits_at_the_last_double_colon()
    {
        using var temp = new TempDirectory();
        var odd = temp.Write("a::b.log", "x=1\n");
        Assert.Equal(new InputSpec(odd, null), InputSpec.Parse(odd));
        Assert.Equal(new InputSpec(odd, "Pwsh:X"), InputSpec.Parse(odd + "::Pwsh:X"));
        Assert.Null(InputSpec.Parse(odd + "::Pwsh:X").Problem());
        Assert.Contains("the sourcetype after '::' is empty", InputSpec.Parse(odd + "::").Problem(), StringComparison.Ordinal);
        Assert.Equal("/no/such/file: no such file or directory", InputSpec.Parse("/no/such/file::st").Problem());
    }

    private static List<WinEvent> Read(string path, string sourcetype, out List<InputProblem> problems)
    {
        var found = new List<InputProblem>();
        var source = InputCatalog.Open(path, found.Add, sourcetype: sourcetype);
        Assert.NotNull(source);
        var events = source.ReadEvents(null, new SourceCounters(), found.Add, TestContext.Current.CancellationToken).ToList();
        problems = found;
        return events;
    }
}
