using System.Diagnostics;
using System.Text.RegularExpressions;
using Vigil.Events.Sources;
using Vigil.Findings;
using Vigil.Knowledge;
using Vigil.Knowledge.Events;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

public sealed class HuntOptions
{
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The search-time knowledge applied to every event before the searches see it.</summary>
    public required FieldKnowledge Knowledge { get; init; }

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Skip parsing events whose raw text no search can match (on by default).</summary>
    public bool Prefilter { get; init; } = true;

    /// <summary>Called for each problem as it is found (for warnings on stderr).</summary>
    public Action<InputProblem>? OnProblem { get; init; }

    public InputOptions Input { get; init; } = InputOptions.Default;

    /// <summary>Called once reading is about to start, with the reader (whose counters progress can watch).</summary>
    public Action<InputReader>? OnStart { get; init; }

    /// <summary>Called after each input file with its counters and source (for per-file summaries).</summary>
    public Action<string, SourceCounters, IEventSource>? OnFileDone { get; init; }
}

/// <summary>One detection's results and the findings made from them.</summary>
public sealed record DetectionResult(CompiledDetection Compiled, SearchResult Result, IReadOnlyList<Finding> Findings, long EventsMatched);

/// <summary>What a hunt found and read.</summary>
public sealed record HuntReport(
    IReadOnlyList<DetectionResult> Results,
    /// <summary>The first <see cref="HuntRunner.MaxProblemsKept"/> problems (all of them went to OnProblem).</summary>
    IReadOnlyList<InputProblem> Problems,
    int FilesRead,
    int FilesUnreadable,
    SourceCounters Counters,
    TimeSpan Elapsed)
{
    public long MalformedEvents => Counters.Malformed;
}

/// <summary>
/// Reads every input once and offers each event to every detection's pipeline, then turns results into findings:
/// source -> events -> SPL pipelines -> results -> findings.
/// </summary>
public static partial class HuntRunner
{
    public const int MaxProblemsKept = 1000;

    public static HuntReport Run(IReadOnlyList<CompiledDetection> detections, HuntOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var context = new SearchContext(options.Zone, Timestamp.FromDateTime(DateTime.UtcNow));
        var runs = detections.Select(d => d.Pipeline.Start(context)).ToList();
        var eventRuns = runs.Where(r => r.ReadsEvents).ToList();
        var eventTypesAndTags = detections.Any(d => NeedsEventTypeFields(d.Pipeline));
        // Every problem goes to OnProblem as it happens; the report keeps only the first ones, so a badly damaged
        // input cannot grow memory by a record per bad event.
        var problems = new List<InputProblem>();
        void Report(InputProblem problem)
        {
            if (problems.Count < MaxProblemsKept)
            {
                problems.Add(problem);
            }

            options.OnProblem?.Invoke(problem);
        }

        var rawFilter = options.Prefilter ? BuildRawFilter(detections, options.Knowledge) : null;
        var reader = new InputReader(options.Inputs, options.Input, Report) { OnFileDone = options.OnFileDone };
        options.OnStart?.Invoke(reader);
        foreach (var winEvent in reader.Read(eventRuns.Count > 0 ? rawFilter : RejectAll, cancellationToken))
        {
            var row = EventRows.FromEvent(winEvent);
            options.Knowledge.Apply(row, context, eventTypesAndTags);
            foreach (var run in eventRuns)
            {
                run.Push(row);
            }
        }

        var results = new List<DetectionResult>();
        for (var i = 0; i < detections.Count; i++)
        {
            var result = runs[i].Complete();
            var findings = result.Rows.Select(row => FindingBuilder.Build(detections[i].Detection, result.Columns, row)).ToList();
            results.Add(new DetectionResult(detections[i], result, findings, runs[i].Matched));
        }

        return new HuntReport(results, problems, reader.FilesRead, reader.FilesUnreadable, reader.Counters, stopwatch.Elapsed);
    }

    /// <summary>
    /// An event must be parsed when any detection could match it. If some detection gives no literal requirement,
    /// every event is parsed.
    /// </summary>
    private static RawEventFilter? BuildRawFilter(IReadOnlyList<CompiledDetection> detections, FieldKnowledge knowledge)
    {
        var requirements = new List<RawRequirement>();
        foreach (var detection in detections.Where(d => d.Pipeline.Generator.ReadsEvents))
        {
            if (detection.Pipeline.Generator.RawRequirement(knowledge.IsVerbatimField) is not { } requirement)
            {
                return null;
            }

            requirements.Add(requirement);
        }

        if (requirements.Count == 0)
        {
            return null;
        }

        var any = new RawRequirement.Any(requirements);
        return any.IsSatisfiedBy;
    }

    /// <summary>
    /// Event types and tags cost a search per event type on every event, so they are computed only for searches that
    /// show or use them as fields: raw-event results, or a command naming eventtype or tag. (<c>eventtype=</c> and
    /// <c>tag=</c> in a search are compiled into the searches they stand for.)
    /// </summary>
    private static bool NeedsEventTypeFields(SplPipeline pipeline)
    {
        if (pipeline.Commands.Count == 0 && pipeline.Generator is EventSearch)
        {
            return true;
        }

        var firstPipe = pipeline.Text.IndexOf('|', StringComparison.Ordinal);
        return firstPipe >= 0 && EventTypeOrTagWord().IsMatch(pipeline.Text.AsSpan(firstPipe));
    }

    private static bool RejectAll(ReadOnlySpan<char> raw) => false;

    [GeneratedRegex(@"\b(eventtype|tag)\b")]
    private static partial Regex EventTypeOrTagWord();
}
