using System.Globalization;
using Vigil.Testing.Running;

namespace Vigil.Testing.Reporting;

/// <summary>The counts of a run, its closing line, and the exit status they give.</summary>
public sealed record TestSummary(int Passed, int Failed, int Skipped, int Errors, int DataMissing, TimeSpan Elapsed)
{
    public const int ExitAllPassed = 0;
    public const int ExitFailed = 1;
    public const int ExitMissingData = 2;

    public static TestSummary Of(IReadOnlyList<TestOutcome> outcomes, TimeSpan elapsed) => new(
        outcomes.Count(o => o.Status == TestStatus.Pass),
        outcomes.Count(o => o.Status == TestStatus.Fail),
        outcomes.Count(o => o.Status == TestStatus.Skip),
        outcomes.Count(o => o.Status == TestStatus.Error),
        outcomes.Count(o => o.DataMissing),
        elapsed);

    /// <summary>2 when test data is missing (the run says nothing about those detections), 1 on any failure or error, else 0.</summary>
    public int ExitStatus => DataMissing > 0 ? ExitMissingData : Failed + Errors > 0 ? ExitFailed : ExitAllPassed;

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"tests: {Passed + Failed + Skipped + Errors} run, {Passed} passed, {Failed} failed, {Skipped} skipped, {Errors} errors{(DataMissing > 0 ? $" ({DataMissing} for missing test data)" : string.Empty)}; {Elapsed.TotalSeconds:0.000} s");
}
