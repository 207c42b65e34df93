using Vigil.Events.Sources;
using Vigil.Findings;

namespace Vigil.Hunt.Sinks;

/// <summary>
/// Where a hunt's results go: the table, csv, json and jsonl writers and the store all take them through this
/// interface, in this order: <see cref="Begin"/>, then <see cref="Problem"/> as inputs are read, then for each detection
/// <see cref="Result"/> followed by <see cref="Finding"/> for each of its findings, then <see cref="Finish"/>. A sink
/// keeps only what it needs; each method it does not need can be left as it is.
/// </summary>
public interface IHuntSink
{
    void Begin(HuntStart start)
    {
    }

    void Problem(InputProblem problem)
    {
    }

    void Result(DetectionResult result)
    {
    }

    void Finding(Finding finding, DetectionResult result)
    {
    }

    void Finish(HuntReport report)
    {
    }
}

/// <summary>What a hunt is about to do: its inputs, the detections it runs and those it skips, and when it started.</summary>
public sealed record HuntStart(
    IReadOnlyList<string> Inputs,
    IReadOnlyList<CompiledDetection> Detections,
    IReadOnlyList<DetectionFailure> Skipped,
    DateTimeOffset StartedAt);
