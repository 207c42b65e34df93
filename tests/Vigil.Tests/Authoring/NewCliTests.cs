using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Authoring;

/// <summary>vigil new detection, non-interactively: the file it writes validates.</summary>
public class NewCliTests
{
    [Fact]
    public void A_scaffolded_detection_and_its_filter_macro_validate_and_run_here()
    {
        using var dir = new TempDirectory();
        var (exit, output, errors) = RunVigil("new", "detection", "--name", "Windows IIS Scaffolded Module Check", "--type", "Anomaly",
            "--story", "IIS Components", "--mitre", "T1505.004", "--data-source", "Windows Event Log Application 2282",
            "--search", "`wineventlog_application` EventCode=2282", "--author", "Vigil Tests, Vigil", "--output", dir.Path);
        Assert.True(exit == 0, errors);
        var file = Path.Combine(dir.Path, "detections", "windows_iis_scaffolded_module_check.yml");
        Assert.Contains(file, output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "macros", "windows_iis_scaffolded_module_check_filter.yml")));
        var text = File.ReadAllText(file);
        Assert.Matches(@"id: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text);
        Assert.Contains($"date: '{DateTime.Now:yyyy-MM-dd}'", text, StringComparison.Ordinal);

        var validation = RunVigil("validate", "--content", dir.Path);
        Assert.Equal(0, validation.Exit);
        Assert.Contains("Windows IIS Scaffolded Module Check\t", validation.Out, StringComparison.Ordinal);
        Assert.Contains("0 with errors (0 errors)", validation.Out, StringComparison.Ordinal);
        Assert.Contains("validate: 10 detections, 10 run here", validation.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("VAL011", validation.Out, StringComparison.Ordinal);

        // A second scaffold of the same name does not overwrite the first.
        Assert.Equal(2, RunVigil("new", "detection", "--name", "Windows IIS Scaffolded Module Check", "--output", dir.Path).Exit);
    }

    [Fact]
    public void Without_a_terminal_the_name_is_required()
    {
        var (exit, _, errors) = RunVigil("new", "detection");
        Assert.Equal(2, exit);
        Assert.Equal("error: --name is required when standard input is not a terminal", errors.Trim());
    }
}
