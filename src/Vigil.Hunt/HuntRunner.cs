using System.Diagnostics;
using Vigil.Events.Sources;
using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Hunt.Deferral;
using Vigil.Hunt.Sinks;
using Vigil.Hunt.Triage;
using Vigil.Knowledge;
using Vigil.Knowledge.Events;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

public sealed class HuntOptions
{
    /// <summary>The inputs: files or directories, each optionally <c>PATH::SOURCETYPE</c> (<see cref="InputSpec"/>).</summary>
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

    /// <summary>
    /// Called when a search reads the inputs again (map's searches, subsearches over events, once their values are
    /// known), with the reader, as <see cref="OnStart"/> is for the first read.
    /// </summary>
    public Action<InputReader>? OnReread { get; init; }

    /// <summary>Off: such searches hold the events they may need instead (up to spl.events-held), as over rows handed over once; for checking.</summary>
    internal bool ReadEventsAgain { get; init; } = true;

    /// <summary>Called after each input file with its counters and source (for per-file summaries).</summary>
    public Action<string, SourceCounters, IEventSource>? OnFileDone { get; init; }

    /// <summary>
    /// The cache the detections' facts came from (<see cref="DetectionCompiler.Compile"/>), which learns after the hunt
    /// the facts of those compiled at once, for the next run; null: none.
    /// </summary>
    public SearchFactsCache? SearchFacts { get; init; }

    /// <summary>Where results go (table, json, the store ...), in order.</summary>
    public IReadOnlyList<IHuntSink> Sinks { get; init; } = [];

    /// <summary>Detections selected but not run (they cannot compile here), for the sinks to account for.</summary>
    public IReadOnlyList<DetectionFailure> Skipped { get; init; } = [];

    /// <summary>Only events in this time range reach the searches (the search's time range in Splunk); null: all time.</summary>
    public TimeWindow? Window { get; init; }

    /// <summary>
    /// Measure each detection's time in its own search commands (<see cref="DetectionResult.SearchTime"/>); off by
    /// default, as it reads the clock twice for every event a search takes.
    /// </summary>
    public bool TimeSearches { get; init; }

    /// <summary>Compute triage facts for findings that have them (IIS module load failures); on by default.</summary>
    public bool Triage { get; init; } = true;

    /// <summary>The search's "now", which relative times count from; null: the wall clock when the hunt starts.</summary>
    public Timestamp? Now { get; init; }

    /// <summary>
    /// Metadata and time shifts for the events of some inputs, by the input's path as given in <see cref="Inputs"/>
    /// (without a declared <c>::SOURCETYPE</c>); a directory's replay applies to every file below it.
    /// </summary>
    public IReadOnlyDictionary<string, InputReplay> Replays { get; init; } = new Dictionary<string, InputReplay>();
}

/// <summary>A time range: events with earliest &lt;= _time &lt; latest (either bound may be open), as Splunk's time range.</summary>
public sealed record TimeWindow(Timestamp? Earliest, Timestamp? Latest)
{
    public bool Contains(Timestamp? time) =>
        time is { } t
            ? (Earliest is not { } earliest || t.UnixTicks >= earliest.UnixTicks) && (Latest is not { } latest || t.UnixTicks < latest.UnixTicks)
            : Earliest is null && Latest is null;
}

/// <summary>One detection's results and the findings made from them.</summary>
public sealed record DetectionResult(CompiledDetection Compiled, SearchResult Result, IReadOnlyList<Finding> Findings, long EventsMatched)
{
    /// <summary>
    /// With <see cref="HuntOptions.TimeSearches"/>, the time the detection's search spent in its own commands over the
    /// events it took and completing (zero for one no input could reach); else null.
    /// </summary>
    public TimeSpan? SearchTime { get; init; }
}

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
/// Reads every input once and offers each event to every detection's pipeline (<see cref="EventPass"/>), then turns
/// results into findings and hands them to the sinks: source -> events -> SPL pipelines -> results -> findings -> sinks.
/// </summary>
public static class HuntRunner
{
    public const int MaxProblemsKept = EventPass.MaxProblemsKept;

    public static HuntReport Run(IReadOnlyList<CompiledDetection> detections, HuntOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var start = new HuntStart(options.Inputs, detections, options.Skipped, DateTimeOffset.UtcNow);
        foreach (var sink in options.Sinks)
        {
            sink.Begin(start);
        }

        var context = new SearchContext(options.Zone, options.Now ?? Timestamp.FromDateTime(start.StartedAt.UtcDateTime));

        // A detection whose compiling waits is compiled only when the inputs hold an event it could take; one they do
        // not takes no event, and its result is the one over no event.
        var unreached = WaitingSearches.Unreached(detections.Where(d => !d.IsCompiled).ToList(), options, cancellationToken);
        var running = detections.Where(d => !unreached.Contains(d)).ToList();
        Parallel.ForEach(running.Where(d => !d.IsCompiled), d => _ = d.Pipeline);

        var triage = options.Triage ? IisTriageCompanion.For(detections) : null;
        var pipelines = running.Select(d => d.Pipeline).Concat(triage?.Pipelines ?? []).ToList();
        var pass = EventPass.Run(pipelines, options, context, problem =>
        {
            foreach (var sink in options.Sinks)
            {
                sink.Problem(problem);
            }
        }, [.. unreached.Select(d => d.Facts!.Prefilter)], cancellationToken);

        triage?.Take(pass.Results.Skip(running.Count).Select(r => r.Result).ToList());
        var results = new DetectionResult[detections.Count];
        var ran = 0;
        var passResults = new int[detections.Count];
        for (var i = 0; i < detections.Count; i++)
        {
            passResults[i] = unreached.Contains(detections[i]) ? -1 : ran++;
        }

        // Findings are made on every core (each one's identity is a SHA-256 of its fields) and reach the sinks in order.
        ParallelWork.For(detections.Count, i =>
        {
            var detection = detections[i];
            var at = passResults[i];
            var searchTime = pass.SearchTimes is { } times ? (at >= 0 ? times[at] : TimeSpan.Zero) : (TimeSpan?)null;
            var (result, matched) = at >= 0 ? pass.Results[at] : (new SearchResult(detection.Facts!.EmptyColumns, []), 0);
            var findings = result.Rows.Select(row => FindingBuilder.TryBuild(detection.Detection, result.Columns, row)).OfType<Finding>()
                .Select(finding => triage?.Enrich(finding) ?? finding)
                .ToList();
            results[i] = new DetectionResult(detection, result, findings, matched) { SearchTime = searchTime };
        }, options.Input.Threads, cancellationToken);

        foreach (var detectionResult in results)
        {
            foreach (var sink in options.Sinks)
            {
                sink.Result(detectionResult);
                foreach (var finding in detectionResult.Findings)
                {
                    sink.Finding(finding, detectionResult);
                }
            }
        }

        var report = new HuntReport(start, results, pass.Problems, pass.FilesRead, pass.FilesUnreadable, pass.Counters, stopwatch.Elapsed);
        foreach (var sink in options.Sinks)
        {
            sink.Finish(report);
        }

        // After the results are out: what the next run needs to let these detections wait.
        options.SearchFacts?.Learn(detections, options.Skipped, options.Knowledge.IsVerbatimField);
        options.SearchFacts?.Save();
        return report;
    }
}
