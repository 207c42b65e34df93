using System.Diagnostics;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Knowledge;
using Vigil.Knowledge.Events;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

/// <summary>What one pass over the inputs gave: each pipeline's result and how many events its generator took, and what was read.</summary>
public sealed record PassOutcome(
    IReadOnlyList<(SearchResult Result, long Matched)> Results,
    IReadOnlyList<InputProblem> Problems,
    int FilesRead,
    int FilesUnreadable,
    SourceCounters Counters)
{
    /// <summary>
    /// With <see cref="HuntOptions.TimeSearches"/>, each pipeline's time in its own commands (the events it took,
    /// completing; not the reading, fields and dispatch every search shares), in the order of the pipelines; else null.
    /// </summary>
    public IReadOnlyList<TimeSpan>? SearchTimes { get; init; }
}

/// <summary>
/// One pass over the inputs for any number of searches: each event is read once (skipped unparsed when its raw text
/// holds no literal any search needs), made a row with its evidence, given the search-time knowledge the searches read,
/// and offered to the pipelines whose gate it passes (<see cref="EventDispatcher"/>), which run split over the cores
/// (<see cref="SearchPartitions"/>). Hunts, <c>vigil search</c> and drilldowns all read events this way.
/// </summary>
public static class EventPass
{
    public const int MaxProblemsKept = 1000;

    private static readonly RawRequirement NoEvent = new RawRequirement.Any([]);

    /// <param name="pipelines">The searches to run.</param>
    /// <param name="options">The hunt's options.</param>
    /// <param name="context">The searches' context.</param>
    /// <param name="onProblem">Called with each input problem.</param>
    /// <param name="alsoParsedFor">
    /// The prefilter requirements of searches the hunt leaves out (they can take none of the events), whose events
    /// are parsed still: the hunt reads, counts and reports the same events as when it runs them.
    /// </param>
    /// <param name="cancellationToken">Stops the pass.</param>
    public static PassOutcome Run(
        IReadOnlyList<SplPipeline> pipelines, HuntOptions options, SearchContext context, Action<InputProblem>? onProblem = null,
        IReadOnlyList<RawRequirement?>? alsoParsedFor = null, CancellationToken cancellationToken = default)
    {
        // Each event meets only the searches whose gate it passes, the searches split over the cores; without the
        // prefilter, every search sees every event on this thread.
        var knowledge = options.Knowledge;

        // Computing every field checks what searches say they read: then what they buffer keeps every field too.
        if (!options.OnlyFieldsRead)
        {
            context = context.WithWholeEvents();
        }

        // Every problem goes to the callbacks as it happens; the outcome keeps only the first ones, so a badly damaged
        // input cannot grow memory by a record per bad event.
        var problems = new List<InputProblem>();
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        void Report(InputProblem problem)
        {
            if (problem.Kind == InputProblemKind.UnreadableFile)
            {
                unreadable.Add(problem.Path);
            }

            if (problems.Count < MaxProblemsKept)
            {
                problems.Add(problem);
            }

            options.OnProblem?.Invoke(problem);
            onProblem?.Invoke(problem);
        }

        // Searches that learn which events they want only at the end (map, subsearches over events) read them again
        // rather than hold them. What the first reading reported is not reported again; a file it could read and a
        // later one cannot is.
        if (options.ReadEventsAgain)
        {
            void ReportAgain(InputProblem problem)
            {
                if (problem.Kind == InputProblemKind.UnreadableFile && !unreadable.Contains(problem.Path))
                {
                    Report(problem with { Reason = "read again (map or a subsearch over events): " + problem.Reason });
                }
            }

            context = context.WithEventRereader(new InputRereader(options, context, ReportAgain, cancellationToken));
        }

        var times = options.TimeSearches ? new SearchTimes(pipelines.Count) : null;
        using var partitions = SearchPartitions.Start(
            pipelines, context, knowledge.IsVerbatimField, options.Prefilter, options.Input.Threads, options.OnlyFieldsRead, knowledge.Apply, times);
        knowledge.Demand = partitions.Demand;
        var runs = partitions.Runs;
        alsoParsedFor ??= [];
        var readsEvents = runs.Any(r => r.ReadsEvents) || alsoParsedFor.Count > 0;

        var rawFilter = options.Prefilter ? BuildRawFilter(pipelines, options.Knowledge, alsoParsedFor) : null;

        var reader = new InputReader(options.Inputs, options.Input, Report) { OnFileDone = options.OnFileDone };
        options.OnStart?.Invoke(reader);
        ReadRows(reader, options, readsEvents ? rawFilter : RejectAll, partitions.Offer, cancellationToken, () => partitions.KnowledgeAdds);
        partitions.Complete();

        var results = CompleteAll(runs, options.Input.Threads, times, cancellationToken);
        return new PassOutcome(results, problems, reader.FilesRead, reader.FilesUnreadable, reader.Counters) { SearchTimes = times?.All() };
    }

    /// <summary>
    /// Completes every run, on up to <paramref name="threads"/> threads, each run on one: completing (ordering a stats
    /// command's groups, the commands after it) is each run's own work, and over events that make many groups it was
    /// most of a hunt's time on one core. Runs share only what the partitions' threads already share during the pass
    /// (lookup tables, the knowledge), and reading the events again takes turns (<see cref="InputRereader"/>). The
    /// results keep the runs' order.
    /// </summary>
    private static List<(SearchResult Result, long Matched)> CompleteAll(IReadOnlyList<PipelineRun> runs, int threads, SearchTimes? times, CancellationToken cancellationToken)
    {
        var results = new (SearchResult Result, long Matched)[runs.Count];
        void Complete(int i)
        {
            var started = Stopwatch.GetTimestamp();
            results[i] = (runs[i].Complete(), runs[i].Matched);
            times?.Add(i, Stopwatch.GetTimestamp() - started);
        }

        ParallelWork.For(runs.Count, Complete, threads, cancellationToken);
        return [.. results];
    }

    /// <summary>
    /// Reads the events of the inputs as the searches see them: each made a row with its evidence, with the replay's
    /// metadata and time, those outside the hunt's time window left out. Knowledge is not applied here.
    /// </summary>
    /// <param name="knowledgeAdds">How many fields knowledge adds to an event at most, for the row's size (see <see cref="EventRows.FromEvent"/>).</param>
    internal static void ReadRows(InputReader reader, HuntOptions options, RawEventFilter? rawFilter, Action<Row, string?> offer, CancellationToken cancellationToken,
        Func<int>? knowledgeAdds = null)
    {
        InputSpec? replayInput = null;
        InputReplay? replay = null;
        foreach (var winEvent in reader.Read(rawFilter, cancellationToken))
        {
            if (options.Replays.Count > 0 && !ReferenceEquals(reader.CurrentInput, replayInput))
            {
                replayInput = reader.CurrentInput;
                replay = replayInput is null ? null : options.Replays.GetValueOrDefault(replayInput.Path);
            }

            var eventTime = replay is null ? winEvent.Time : replay.Move(winEvent.Time);
            var time = eventTime is { } t ? new Timestamp(t.UnixTicks) : (Timestamp?)null;
            if (options.Window is { } window && !window.Contains(time))
            {
                continue;
            }

            var row = EventRows.FromEvent(winEvent, knowledgeAdds?.Invoke() ?? -1);
            replay?.Apply(row, eventTime);
            row.Evidence = Evidence.Of(new EventReference(winEvent.Origin, eventTime), time);
            offer(row, winEvent.Raw);
        }
    }

    /// <summary>Runs pipelines over rows that already carry their fields (risk events from the store ...).</summary>
    public static IReadOnlyList<(SearchResult Result, long Matched)> RunRows(IReadOnlyList<SplPipeline> pipelines, IEnumerable<Row> rows, SearchContext context, TimeWindow? window = null)
    {
        var runs = pipelines.Select(p => p.Start(context)).ToList();
        var eventRuns = runs.Where(r => r.ReadsEvents).ToList();
        foreach (var row in rows)
        {
            if (window is not null && !window.Contains(row["_time"].TryGetTime(out var time) ? time : (Timestamp?)null))
            {
                continue;
            }

            foreach (var run in eventRuns)
            {
                run.Push(row);
            }
        }

        return runs.Select(run => (run.Complete(), run.Matched)).ToList();
    }

    /// <summary>
    /// An event must be parsed when any search could match it (or one of <paramref name="alsoParsedFor"/>'s
    /// requirements holds). If some search gives no literal requirement, every event is parsed.
    /// </summary>
    private static RawEventFilter? BuildRawFilter(IReadOnlyList<SplPipeline> pipelines, FieldKnowledge knowledge, IReadOnlyList<RawRequirement?> alsoParsedFor)
    {
        var requirements = new List<RawRequirement>();
        foreach (var requirement in pipelines.Where(p => p.ReadsEvents).Select(p => PrefilterRequirement(p, knowledge.IsVerbatimField)).Concat(alsoParsedFor))
        {
            if (requirement is null)
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
    /// What an event's raw text must hold to be parsed for a search over events; null when nothing can be said. A
    /// search of the risk index takes no event of the files (they carry no index): none need be parsed for it.
    /// </summary>
    internal static RawRequirement? PrefilterRequirement(SplPipeline pipeline, Func<string, bool> isVerbatimField) =>
        pipeline.TakesNoFileEvents ? NoEvent : pipeline.RawRequirement(isVerbatimField);

    private static bool RejectAll(ReadOnlySpan<char> raw) => false;
}
