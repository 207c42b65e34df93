using Vigil.Findings.Risk;
using Vigil.Sinks.Report;
using Vigil.Spl.Values;
using Vigil.Tests.Hunt;
using Vigil.Tests.Support;

namespace Vigil.Tests.Report;

/// <summary>Hunted findings as the report lists them.</summary>
public sealed class ReportBuilderTests
{
    [Fact]
    public void A_finding_keeps_its_risk_tactics_evidence_and_triage()
    {
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        var report = SeedDetectionTests.Hunt([sample]);
        var findings = report.Results.Single().Findings;
        var risks = findings.SelectMany(f => RiskEvent.Of(f, Timestamp.FromDateTime(report.Start.StartedAt.UtcDateTime), AttackTactics.Shipped)).ToList();

        var data = ReportBuilder.Build("t", ReportSamples.Generated, risks, findings);

        Assert.Equal(findings.Count, data.Findings.Count);
        Assert.Equal(risks.Count, data.RiskEvents.Count);
        var msf = Assert.Single(data.Findings, f => f.RiskMessage!.Contains("msf.dll", StringComparison.Ordinal));
        Assert.Equal(["win-dc-exch01.attackrange.local"], msf.RiskObjects);
        Assert.Equal(25, msf.RiskScore);
        Assert.Equal(["persistence"], msf.MitreTactics);
        Assert.Equal(["T1505", "T1505.004"], msf.MitreTechniques);
        Assert.Equal(3, msf.EvidenceTotal);
        Assert.All(msf.Evidence, e =>
        {
            Assert.Equal(Path.GetFullPath(sample), Path.GetFullPath(e.Path));
            Assert.Matches("^line [0-9]+$", e.Location);
            Assert.NotNull(e.Time);
        });
        Assert.Equal(msf.Evidence.Max(e => e.Time), msf.Time);
        Assert.NotEmpty(msf.Triage);
    }
}
