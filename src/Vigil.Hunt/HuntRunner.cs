using System.Diagnostics;
using Vigil.Events.Sources;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Hunt.Sinks;
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

    /// <summary>Compute only the knowledge fields the searches read (on by default; off computes every field, for checking).</summary>
    public bool OnlyFieldsRead { get; init; } = true;

    /// <summary>Called for each problem as it is found (for warnings on stderr).</summary>
    public Action<InputProblem>? OnProblem { get; init; }

    public InputOptions Input { get; init; } = InputOptions.Default;

    /// <summary>Called once reading is about to start, with the reader (whose counters progress can watch).</summary>
    public Action<InputReader>? OnStart { get; init; }

    /// <summary>Called after each input file with its counters and source (for per-file summaries).</summary>
    public Action<string, SourceCounters, IEventSource>? OnFileDone { get; init; }

    /// <summary>Where results go (table, json, the store ...), in order.</summary>
    public IReadOnlyList<IHuntSink> Sinks { get; init; } = [];

    /// <summary>Detections selected but not run (they cannot compile here), for the sinks to account for.</summary>
    public IReadOnlyList<DetectionFailure> Skipped { get; init; } = [];
}

/// <summary>One detection's results and the findings made from them.</summary>
public sealed record DetectionResult(CompiledDetection Compiled, SearchResult Result, IReadOnlyList<Finding> Findings, long EventsMatched);

/// <summary>What a hunt found and read.</summary>
public sealed record HuntReport(
    HuntStart Start,
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
public static class HuntRunner
{
    public const int MaxProblemsKept = 1000;

    public static HuntReport Run(IReadOnlyList<CompiledDetection> detections, HuntOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var start = new HuntStart(options.Inputs, detections, options.Skipped, DateTimeOffset.UtcNow);
        foreach (var sink in options.Sinks)
        {
            sink.Begin(start);
        }

        var context = new SearchContext(options.Zone, Timestamp.FromDateTime(start.StartedAt.UtcDateTime));
        var runs = detections.Select(d => d.Pipeline.Start(context)).ToList();
        var eventRuns = runs.Where(r => r.ReadsEvents).ToList();
        var fieldsNeeded = options.OnlyFieldsRead ? FieldsNeeded(detections) : null;
        var eventTypesAndTags = fieldsNeeded is null;
        options.Knowledge.FieldsNeeded = fieldsNeeded;
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
            foreach (var sink in options.Sinks)
            {
                sink.Problem(problem);
            }
        }

        var rawFilter = options.Prefilter ? BuildRawFilter(detections, options.Knowledge) : null;
        var reader = new InputReader(options.Inputs, options.Input, Report) { OnFileDone = options.OnFileDone };
        options.OnStart?.Invoke(reader);
        foreach (var winEvent in reader.Read(eventRuns.Count > 0 ? rawFilter : RejectAll, cancellationToken))
        {
            var row = EventRows.FromEvent(winEvent);
            var time = winEvent.Time is { } eventTime ? new Timestamp(eventTime.UnixTicks) : (Timestamp?)null;
            row.Evidence = Evidence.Of(new EventReference(winEvent.Origin, winEvent.Time), time);
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
            var findings = result.Rows.Select(row => FindingBuilder.TryBuild(detections[i].Detection, result.Columns, row)).OfType<Finding>().ToList();
            var detectionResult = new DetectionResult(detections[i], result, findings, runs[i].Matched);
            results.Add(detectionResult);
            foreach (var sink in options.Sinks)
            {
                sink.Result(detectionResult);
                foreach (var finding in findings)
                {
                    sink.Finding(finding, detectionResult);
                }
            }
        }

        var report = new HuntReport(start, results, problems, reader.FilesRead, reader.FilesUnreadable, reader.Counters, stopwatch.Elapsed);
        foreach (var sink in options.Sinks)
        {
            sink.Finish(report);
        }

        return report;
    }

    /// <summary>
    /// An event must be parsed when any detection could match it. If some detection gives no literal requirement,
    /// every event is parsed.
    /// </summary>
    private static RawEventFilter? BuildRawFilter(IReadOnlyList<CompiledDetection> detections, FieldKnowledge knowledge)
    {
        var requirements = new List<RawRequirement>();
        foreach (var detection in detections.Where(d => d.Pipeline.ReadsEvents))
        {
            if (detection.Pipeline.RawRequirement(knowledge.IsVerbatimField) is not { } requirement)
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
        return raw => any.IsSatisfiedBy(raw);
    }

    /// <summary>
    /// The event fields the searches read together, so knowledge computes no others; null when one may read any field
    /// (then event types and tags are computed too). A search naming eventtype or tag as a field needs them all, as
    /// they are computed from everything else.
    /// </summary>
    private static HashSet<string>? FieldsNeeded(IReadOnlyList<CompiledDetection> detections)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detection in detections)
        {
            if (detection.Pipeline.EventFieldsRead is not { } read)
            {
                return null;
            }

            fields.UnionWith(read);
        }

        return fields.Any(f => f is "eventtype" or "tag" || f.StartsWith("tag::", StringComparison.Ordinal)) ? null : fields;
    }

    private static bool RejectAll(ReadOnlySpan<char> raw) => false;
}
