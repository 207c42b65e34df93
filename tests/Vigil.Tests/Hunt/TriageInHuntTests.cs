using Vigil.Findings;
using Vigil.Hunt;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>A hunt attaches the 2282 triage facts to the findings whose evidence holds 2282 events, and only to those.</summary>
public class TriageInHuntTests
{
    private const string SeedId = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";
    private static readonly string Sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    private static List<Finding> Findings(string search, bool triage = true)
    {
        var content = LoadedContent.Shipped();
        var detection = content.Library.Find(SeedId)! with { Search = search };
        var (compiled, failures) = DetectionCompiler.Compile([detection], content.Definitions);
        Assert.Empty(failures);
        var report = HuntRunner.Run(compiled, new HuntOptions { Inputs = [Sample], Knowledge = content.CreateFieldKnowledge(), Triage = triage }, TestContext.Current.CancellationToken);
        return report.Results.Single().Findings.ToList();
    }

    private static string Fact(Finding finding, string label) =>
        string.Join(" | ", finding.Triage.Where(f => f.Label == label).Select(f => f.Value));

    [Fact]
    public void Seed_findings_carry_the_decoded_error_the_architecture_the_path_class_and_related_events()
    {
        var content = LoadedContent.Shipped();
        var findings = Findings(content.Library.Find(SeedId)!.Search);
        var msf = Assert.Single(findings, f => f.Result["ModuleDll"].ToString() == "c:\\temp\\msf.dll");
        Assert.Equal("c:\\temp\\msf.dll", Fact(msf, "Module DLL"));
        Assert.StartsWith("0xC1 ERROR_BAD_EXE_FORMAT (193)", Fact(msf, "Load error"), StringComparison.Ordinal);
        Assert.StartsWith("AMD64", Fact(msf, "Worker process architecture"), StringComparison.Ordinal);
        Assert.Contains("temporary folder", Fact(msf, "Module path"), StringComparison.Ordinal);
        Assert.Contains("outside the IIS module folders", Fact(msf, "Module path"), StringComparison.Ordinal);

        // web01 logged 2280s for iisnode: they are its related events; win-dc-exch01 has none in the sample.
        var owa = Assert.Single(findings, f => f.Result["ModuleDll"].ToString().EndsWith("owa_auth.dll", StringComparison.Ordinal));
        Assert.Contains("2280", Fact(owa, "Related event on web01.contoso.local"), StringComparison.Ordinal);
        Assert.Contains("iisnode.dll", Fact(owa, "Related event on web01.contoso.local"), StringComparison.Ordinal);
        Assert.Contains(msf.Triage, f => f.Label.StartsWith("Related events on win-dc-exch01", StringComparison.Ordinal) && f.Value.StartsWith("none", StringComparison.Ordinal));

        // Each finding's facts come from its own events: the SysWOW64 module is in an IIS folder, msf.dll is not.
        var rewrite = Assert.Single(findings, f => f.Result["ModuleDll"].ToString().EndsWith("rewrite.dll", StringComparison.Ordinal));
        Assert.Contains("IIS module folder", Fact(rewrite, "Module path"), StringComparison.Ordinal);
        Assert.DoesNotContain("temporary", Fact(rewrite, "Module path"), StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_from_other_events_get_no_triage_and_it_can_be_turned_off()
    {
        // 2280 events (a module that is missing, not refused): the search names 2282, so the triage searches run, but
        // no 2282 is among the evidence, so no facts.
        var other = Findings("`wineventlog_application` EventCode=2280 NOT EventCode=2282 | stats count by dest ModuleDll");
        Assert.NotEmpty(other);
        Assert.All(other, f => Assert.Empty(f.Triage));

        var off = Findings("`wineventlog_application` EventCode=2282 | stats count by dest ModuleDll", triage: false);
        Assert.NotEmpty(off);
        Assert.All(off, f => Assert.Empty(f.Triage));
    }
}
