using System.Diagnostics;
using Vigil.Content.Model;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Spl.Values;
using Vigil.Testing.Data;
using Vigil.Testing.Replay;
using Vigil.Testing.Selection;
using Vigil.Testing.Verdicts;

namespace Vigil.Testing.Running;

/// <summary>
/// Runs one detection test as contentctl does, without Splunk: the attack data replayed with the test's metadata,
/// the detection's search over all of it (all time), and contentctl's pass rule over the results.
/// </summary>
public static class DetectionTestRunner
{
    public static TestOutcome Run(TestCase testCase, TestRunOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        var (detection, test) = (testCase.Detection, testCase.Test);
        TestOutcome Outcome(TestStatus status, string? message, long events = 0) => new(testCase, status, message, events, stopwatch.Elapsed);

        if (detection.ManualTestReason is { } manual)
        {
            return Outcome(TestStatus.Skip, "manual test: " + manual);
        }

        switch (test.TestType?.ToLowerInvariant())
        {
            case null or "unit":
                break;
            case "manual":
                return Outcome(TestStatus.Skip, "manual test (test_type: manual)");
            case "integration":
                return Outcome(TestStatus.Skip, "integration test: it checks the risk events Enterprise Security raises, which Vigil does not run");
            default:
                return Outcome(TestStatus.Error, $"unknown test_type '{test.TestType}' (expected unit, integration or manual)");
        }

        if (test.AttackData.Count == 0)
        {
            return Outcome(TestStatus.Error, "the test has no attack_data");
        }

        var detectionFolder = detection.Origin.StartsWith("shipped:", StringComparison.Ordinal) ? null : Path.GetDirectoryName(Path.GetFullPath(detection.Origin));
        var resolved = test.AttackData.Select(a => (Data: a, Resolution: options.Locator.Resolve(a.Data, detectionFolder))).ToList();
        if (resolved.FirstOrDefault(r => !r.Resolution.Found) is { Resolution: { } missing })
        {
            return Outcome(TestStatus.Error, missing.Missing) with { DataMissing = true };
        }

        var (compiled, failures) = DetectionCompiler.Compile([detection], options.Content.Definitions);
        if (failures.Count > 0)
        {
            return Outcome(TestStatus.Error, "the search cannot run in Vigil: " + failures[0].Summary);
        }

        // The test's sourcetype is declared on the input too: it is how key=value text, which has no recognisable form,
        // is read at all (contentctl's replay gives Splunk the sourcetype the same way).
        var inputs = resolved.Select(r => new InputSpec(r.Resolution.Path!, ReplayMetadata.Sourcetype(r.Data.Sourcetype)).ToString()).Distinct(StringComparer.Ordinal).ToList();
        var replays = new Dictionary<string, InputReplay>(StringComparer.Ordinal);
        foreach (var (data, resolution) in resolved)
        {
            replays.TryAdd(resolution.Path!, ReplayMetadata.For(data, resolution.Path!, options.Now, options.Input));
        }

        var problems = new List<string>();
        var report = HuntRunner.Run(compiled, new HuntOptions
        {
            Inputs = inputs,
            Input = options.Input,
            Knowledge = options.Content.CreateFieldKnowledge(),
            Replays = replays,
            Triage = false,
            Now = Timestamp.FromDateTime(options.Now.UtcDateTime),
            OnProblem = problem => problems.Add(problem.ToString()),
        });
        var events = report.Counters.Events;
        if (report.FilesUnreadable > 0 || report.MalformedEvents > 0)
        {
            return Outcome(TestStatus.Error, "the test data is not all readable: " + string.Join("; ", problems.Take(3)), events);
        }

        var result = report.Results[0].Result;
        if (result.Failure is { } failure)
        {
            return Outcome(TestStatus.Error, "the search stopped: " + failure.Message, events);
        }

        var verdict = PassRule.Judge(detection, test, result);
        return Outcome(verdict.Passed ? TestStatus.Pass : TestStatus.Fail, verdict.Passed ? null : verdict.Message, events) with { Result = result };
    }
}
