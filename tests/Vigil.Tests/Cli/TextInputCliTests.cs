using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Cli;

/// <summary>The two text forms from the command line: classic WinEventLog text and key=value text under PATH::SOURCETYPE.</summary>
public class TextInputCliTests
{
    private const string NewModuleAdded = "Windows IIS Components New Module Added";
    private const string ModuleQuery = "Windows IIS Components Get-WebGlobalModule Module Query";
    private static readonly string Data = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components");
    private static readonly string Classic = Path.Combine(Data, "IIS-Configuration-Operational.log");
    private static readonly string Modules = Path.Combine(Data, "pwsh_installediismodules.log");

    [Fact]
    public void Classic_events_under_the_how_tos_sourcetype_are_found_with_evidence_at_their_timestamp_lines()
    {
        var (exit, output, errors) = RunVigil("hunt", "--no-store", "--no-progress", Classic + "::IIS:Configuration:Operational", "--detection", NewModuleAdded, "--format", "jsonl");
        Assert.True(exit == 0, output + errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"dest\":\"web03.fabrikam.local\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("globalModules/add[@name='HttpCacheHelper']", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"line\":16", lines[1].Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Classic_events_keep_the_winEventLog_sourcetype_unless_the_input_declares_one()
    {
        // The detection's macro asks for sourcetype IIS:Configuration:Operational, which ESCU's how-to sets on the input.
        var (exit, output, _) = RunVigil("hunt", "--no-store", "--no-progress", Classic, "--detection", NewModuleAdded, "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Equal("OpCode,EventCode,dest,Message,count,firstTime,lastTime", output.Trim());
    }

    [Fact]
    public void The_scripted_inputs_module_list_is_hunted_under_its_sourcetype()
    {
        var (exit, output, errors) = RunVigil("hunt", "--no-store", "--no-progress", Modules + "::Pwsh:InstalledIISModules", "--detection", ModuleQuery, "--format", "csv");
        Assert.True(exit == 0, output + errors);
        var rows = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dest,name,image,count,firstTime,lastTime", rows[0]);
        Assert.Equal(13, rows.Length);
        Assert.Contains(rows, r => r.StartsWith(Environment.MachineName + @",HttpCacheHelper,C:\Windows\Temp\iisshim.dll,1,", StringComparison.Ordinal));
    }

    [Fact]
    public void Key_value_text_without_a_sourcetype_is_an_unreadable_input_saying_how_to_read_it()
    {
        var (exit, _, errors) = RunVigil("hunt", "--no-store", "--no-progress", Modules, "--detection", ModuleQuery);
        Assert.Equal(2, exit);
        Assert.Contains("key=value text needs its sourcetype, PATH::SOURCETYPE", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_sourcetype_on_a_missing_path_or_an_empty_one_is_a_usage_error()
    {
        var (exit, output, errors) = RunVigil("hunt", "--no-store", "/no/such/modules.log::Pwsh:InstalledIISModules");
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("error: /no/such/modules.log: no such file or directory", errors, StringComparison.Ordinal);

        (exit, _, errors) = RunVigil("export", Modules + "::");
        Assert.Equal(2, exit);
        Assert.Contains("the sourcetype after '::' is empty", errors, StringComparison.Ordinal);
    }
}
