using Vigil.Content.Model;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Testing.Verdicts;

namespace Vigil.Tests.Testing;

/// <summary>contentctl's pass rule: a result; risk objects in every result; each threat object in at least one.</summary>
public class PassRuleTests
{
    private static readonly Detection Detection = new()
    {
        Name = "Rule",
        Id = "rule",
        Search = "search *",
        Origin = "test",
        RiskObjects = [new RiskObjectSpec("dest", RiskObjectType.System, 10), new RiskObjectSpec("user", RiskObjectType.User, 10)],
        ThreatObjects = [new ThreatObjectSpec("process_name", "process")],
    };

    private static readonly DetectionTest TruePositive = new("True Positive Test", null, []);

    [Fact]
    public void Passes_when_risk_objects_are_in_every_result_and_the_threat_object_in_one()
    {
        var verdict = PassRule.Judge(Detection, TruePositive, Result(Row("h1", "u1", "a.exe"), Row("h2", "u2", null)));
        Assert.True(verdict.Passed, verdict.Message);
    }

    [Fact]
    public void Fails_on_no_result()
    {
        Assert.Equal("the search returned no result", PassRule.Judge(Detection, TruePositive, Result()).Message);
    }

    [Fact]
    public void Says_how_many_results_lack_a_risk_object_counting_the_fillnull_placeholder_as_missing()
    {
        var verdict = PassRule.Judge(Detection, TruePositive, Result(Row("h1", "null", "a.exe"), Row("h2", "u2", "b.exe"), Row("h3", "", "c.exe")));
        Assert.Equal("risk object field 'user' is missing or empty in 2 of 3 results", verdict.Message);
    }

    [Fact]
    public void Fails_when_no_result_has_the_threat_object()
    {
        var verdict = PassRule.Judge(Detection, TruePositive, Result(Row("h1", "u1", null), Row("h2", "u2", "null")));
        Assert.Equal("threat object field 'process_name' is missing or empty in all 2 results", verdict.Message);
    }

    [Fact]
    public void A_true_negative_test_passes_on_no_result_and_fails_on_any()
    {
        var negative = new DetectionTest("True Negative Test", null, []);
        Assert.True(PassRule.Judge(Detection, negative, Result()).Passed);
        Assert.Equal("expected no result, the search returned 1", PassRule.Judge(Detection, negative, Result(Row("h", "u", "p"))).Message);
    }

    private static SearchResult Result(params Row[] rows) => new(["dest", "user", "process_name"], rows);

    private static Row Row(string dest, string user, string? process)
    {
        var row = new Row();
        row["dest"] = Value.FromString(dest);
        row["user"] = Value.FromString(user);
        if (process is not null)
        {
            row["process_name"] = Value.FromString(process);
        }

        return row;
    }
}
