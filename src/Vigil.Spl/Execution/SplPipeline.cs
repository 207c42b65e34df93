using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Spl.Commands;
using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// A compiled search: a generator (the base search over events, tstats ...) and the commands that turn its rows into
/// results. Compile once, then <see cref="Start"/> a run per set of inputs.
/// </summary>
public sealed class SplPipeline
{
    private SplPipeline(string text, SplGenerator generator, IReadOnlyList<SplCommand> commands)
    {
        Text = text;
        Generator = generator;
        Commands = commands;
        Subsearches = [.. generator.Subsearches, .. commands.SelectMany(c => c.Subsearches)];
        _commandsRunningSearches = [.. commands.Where(c => c.Subsearches.Count > 0)];
        ReadsEvents = generator.ReadsEvents || Subsearches.Any(s => s.ReadsEvents);
        Columns = commands.Aggregate(generator.Columns, (columns, command) => command.Columns(columns));
        NeedsNewestFirst = !generator.SetsOrder && DecideNewestFirst(commands);
        _ownEventFieldsRead = OwnEventFieldsRead();
        EventFieldsRead = DecideEventFieldsRead();

        // On first use, after FromParts has had its say on EventFieldsRead.
        // Only an event search buffers events; another generator's rows are its own.
        _bufferedEventFields = new(() => Generator is EventSearch && EventFieldsRead is { } read && !read.Any(f => f.Contains('*', StringComparison.Ordinal))
            ? [.. read.Append("_time").Distinct(StringComparer.Ordinal).Select(f => new FieldKey(f))]
            : null);
    }

    private readonly Lazy<FieldKey[]?> _bufferedEventFields;
    private bool _readsAnyField;

    // Worked out once, when compiled: the dispatch asks for them again as each hunt starts, for every search.
    private readonly IReadOnlySet<string>? _ownEventFieldsRead;
    private readonly SplCommand[] _commandsRunningSearches;

    // The last gates worked out, with the verbatim-field test they were worked out with (a hunt asks with one test).
    // One reference, so a run on another thread sees a whole entry or none.
    private Gates? _gates;

    /// <summary>A pipeline parsed as part of another search (a subsearch): positions refer to the whole search text.</summary>
    internal static SplPipeline FromParts(string text, SplGenerator generator, IReadOnlyList<SplCommand> commands, bool readsAnyField = false)
    {
        var pipeline = new SplPipeline(text, generator, commands);
        if (readsAnyField)
        {
            pipeline.EventFieldsRead = null;
            pipeline._readsAnyField = true;
        }

        return pipeline;
    }

    /// <summary>The search after macro expansion: what positions in diagnostics refer to.</summary>
    public string Text { get; }

    /// <summary>
    /// The limits its runs have: those of the definitions it was compiled with; null for a subsearch, whose runs have
    /// those of the run they belong to.
    /// </summary>
    public SplLimits? Limits { get; private init; }

    public SplGenerator Generator { get; }

    /// <summary>The base search when the generator is an event search; null for tstats and other generators.</summary>
    public SearchExpression? BaseSearch => (Generator as EventSearch)?.Expression;

    public IReadOnlyList<SplCommand> Commands { get; }

    /// <summary>The searches its generator and commands run besides the main one (subsearches, map's searches).</summary>
    public IReadOnlyList<SplPipeline> Subsearches { get; }

    /// <summary>Whether the search wants the hunt's events: its generator reads them, or one of its subsearches does.</summary>
    public bool ReadsEvents { get; }

    /// <summary>The result columns when the search alone decides them (stats, table ...); null for raw events.</summary>
    public IReadOnlyList<string>? Columns { get; }

    /// <summary>Whether events must reach the commands newest first, as Splunk delivers them.</summary>
    public bool NeedsNewestFirst { get; }

    /// <summary>
    /// The event fields the search reads, so that search-time knowledge computes no others; null when it may read any
    /// (raw events shown, wildcards). Empty when it reads no events.
    /// </summary>
    public IReadOnlySet<string>? EventFieldsRead { get; private set; }

    /// <summary>
    /// What an event buffered for this search (for newest-first order, or held for map) keeps: the fields it reads and
    /// _time; null (all of it) when it may read any.
    /// </summary>
    internal FieldKey[]? BufferedEventFields => _bufferedEventFields.Value;

    /// <summary>Whether every row its generator takes must carry <c>index=risk</c>, so it reads the risk store rather than files.</summary>
    public bool ReadsOnlyRiskIndex => Generator.ReadsOnlyRiskIndex;

    /// <summary>
    /// Whether the search sets its own time range with time modifiers, which Splunk lets override the range the search
    /// is run with (a drilldown's earliest and latest offsets).
    /// </summary>
    public bool SetsTimeRange => Generator.SetsTimeRange || Commands.Any(c => c.SetsTimeRange);

    /// <summary>
    /// Literal text an event's raw text must hold for this search or one of its subsearches to use it; null when
    /// nothing can be said (then every event is parsed).
    /// </summary>
    public RawRequirement? RawRequirement(Func<string, bool> isVerbatimField)
    {
        var any = new List<RawRequirement>();
        if (Generator.ReadsEvents)
        {
            if (Generator.RawRequirement(isVerbatimField) is not { } own)
            {
                return null;
            }

            any.Add(own);
        }

        foreach (var subsearch in Subsearches.Where(s => s.ReadsEvents))
        {
            if (subsearch.RawRequirement(isVerbatimField) is not { } requirement)
            {
                return null;
            }

            any.Add(requirement);
        }

        return any.Count == 1 ? any[0] : new Syntax.RawRequirement.Any(any);
    }

    /// <summary>
    /// The parts of the search that take events, each with the gate of its own base search and the event fields it
    /// reads (null: any): its generator, then each subsearch over events, theirs in turn. An event passing the whole
    /// search's gate meets every part, but a part can match only the events its own gate admits. Where the hunt reads
    /// events again (<paramref name="rereads"/>), a command may take less of the first reading than its subsearches
    /// would (map notes only whether an event could match).
    /// </summary>
    internal IEnumerable<(Dispatch.SearchGate Gate, IReadOnlySet<string>? Reads)> EventReaders(Func<string, bool> isVerbatimField, bool rereads)
    {
        if (!ReadsEvents || TakesNoFileEvents)
        {
            yield break;
        }

        if (Generator.ReadsEvents && !ReadsOnlyRiskIndex)
        {
            yield return (OwnGate(isVerbatimField), _readsAnyField ? null : _ownEventFieldsRead);
        }

        foreach (var subsearch in Generator.Subsearches.Where(s => s.ReadsEvents))
        {
            foreach (var part in subsearch.EventReaders(isVerbatimField, rereads))
            {
                yield return part;
            }
        }

        // A command takes events only through searches it runs besides its input.
        foreach (var command in _commandsRunningSearches)
        {
            foreach (var part in command.EventReaders(isVerbatimField, rereads))
            {
                yield return part;
            }
        }
    }

    /// <summary>
    /// The gates of the parts of the search that take events (<see cref="EventReaders"/>, as the first reading of the
    /// events offers them): no event passing none of them reaches the search. None when it takes no event of the files.
    /// </summary>
    public IReadOnlyList<Dispatch.SearchGate> PartGates(Func<string, bool> isVerbatimField) =>
        [.. EventReaders(isVerbatimField, rereads: false).Select(part => part.Gate)];

    /// <summary>Whether it reads only the risk index, subsearches and all: no event of the files can reach it.</summary>
    public bool TakesNoFileEvents => ReadsOnlyRiskIndex && Subsearches.Count == 0;

    /// <summary>
    /// What an event must have for this search to take it (<see cref="Dispatch.SearchGate"/>): a search of the risk
    /// index takes no event of the files; a search with subsearches over events is gated by literals alone.
    /// </summary>
    public Dispatch.SearchGate Gate(Func<string, bool> isVerbatimField) =>
        !ReadsEvents || TakesNoFileEvents ? Dispatch.SearchGate.Closed : GatesFor(isVerbatimField).Gate;

    /// <summary>The whole search's gate and its generator's own: the same gate unless subsearches take events too.</summary>
    private Gates GatesFor(Func<string, bool> isVerbatimField)
    {
        if (_gates is { } known && ReferenceEquals(known.IsVerbatimField, isVerbatimField))
        {
            return known;
        }

        var subsearchesReadEvents = Subsearches.Any(s => s.ReadsEvents);
        var whole = Dispatch.SearchGate.For(
            subsearchesReadEvents ? null : Generator.MetadataConjuncts,
            RawRequirement(isVerbatimField),
            subsearchesReadEvents ? null : Generator.SharedTest,
            Generator.SharedRowRequirement);
        var own = subsearchesReadEvents
            ? Dispatch.SearchGate.For(Generator.MetadataConjuncts, Generator.RawRequirement(isVerbatimField), Generator.SharedTest, Generator.SharedRowRequirement)
            : whole;
        var gates = new Gates(isVerbatimField, whole, own);
        _gates = gates;
        return gates;
    }

    /// <summary>The gate of the generator's own events, subsearches aside (the whole search's when it has none over events).</summary>
    internal Dispatch.SearchGate OwnGate(Func<string, bool> isVerbatimField) => GatesFor(isVerbatimField).Own;

    private sealed record Gates(Func<string, bool> IsVerbatimField, Dispatch.SearchGate Gate, Dispatch.SearchGate Own);

    private IReadOnlySet<string>? DecideEventFieldsRead()
    {
        var subsearches = Subsearches.Where(s => s.ReadsEvents).ToList();
        if (subsearches.Count == 0 || _ownEventFieldsRead is null)
        {
            return _ownEventFieldsRead;
        }

        var fields = _ownEventFieldsRead.ToHashSet(StringComparer.Ordinal);
        foreach (var subsearch in subsearches)
        {
            if (subsearch.EventFieldsRead is not { } read)
            {
                return null;
            }

            fields.UnionWith(read);
        }

        return fields;
    }

    /// <summary>The event fields the generator and the commands after it read, subsearches aside.</summary>
    private IReadOnlySet<string>? OwnEventFieldsRead()
    {
        if (!Generator.ReadsEvents)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        if (Generator is not EventSearch search)
        {
            // The commands read the generator's rows, not events. (The generator's set itself, not a copy.)
            return Generator.EventFieldsRead;
        }

        if (SubsearchConditions.FieldsRead(search.Expression) is not { } searched)
        {
            return null;
        }

        return SplCommand.FieldsReadBy(Commands, searched.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Expands macros and parses; throws <see cref="SplCompileException"/> listing every problem.</summary>
    public static SplPipeline Compile(string search, SplDefinitions definitions)
    {
        var (expandedText, macroProblems) = MacroExpander.ExpandCollecting(search, definitions);
        var expanded = expandedText.Trim();
        try
        {
            var (generator, commands) = new PipelineParser(expanded, new SearchScope(definitions)).Parse();
            if (macroProblems.Count == 0)
            {
                return new SplPipeline(expanded, generator, commands) { Limits = definitions.Limits };
            }

            throw new SplCompileException(search, macroProblems);
        }
        catch (SplCompileException e) when (!ReferenceEquals(e.Diagnostics, macroProblems))
        {
            // Report macro and syntax problems together, in the order they stand in the search. A macro that could not
            // expand left nothing where it stood, so an empty command there is its echo, not a second problem.
            var parseProblems = macroProblems.Count > 0
                ? e.Diagnostics.Where(d => !d.Message.StartsWith("empty command", StringComparison.Ordinal))
                : e.Diagnostics;
            var all = macroProblems.Concat(parseProblems.Select(d => d with { SourceText = d.SourceText ?? expanded }))
                .OrderBy(d => d.Position)
                .ToList();
            throw new SplCompileException(expanded, all);
        }
    }

    public PipelineRun Start(SearchContext context) => Start(context, int.MaxValue);

    /// <summary>
    /// Runs the search over no event: its result, and whether any row passed from one of its stages to the next on the
    /// way (a row made from nothing, as <c>stats count</c> or an <c>append</c> of a lookup make one, which a later
    /// command may keep or drop by the clock). With none, nothing the search could make over no event was there to
    /// depend on the time the run was made at.
    /// </summary>
    public (SearchResult Result, bool RowsMade) RunOverNoEvent(SearchContext context)
    {
        var counted = new RowsPassed();
        var result = Start(context, int.MaxValue, counted).Complete();
        return (result, counted.Count > 0);
    }

    /// <summary>Starts a run that keeps at most <paramref name="maxRows"/> result rows (a subsearch's maxout).</summary>
    internal PipelineRun Start(SearchContext context, int maxRows, RowsPassed? counted = null)
    {
        var runContext = context.ForRun(Limits);
        var collector = new RowCollector(maxRows);
        try
        {
            IRowSink sink = counted is null ? collector : counted.Before(collector);
            for (var i = Commands.Count - 1; i >= 0; i--)
            {
                sink = Commands[i].CreateStage(runContext, sink);
                sink = counted is null ? sink : counted.Before(sink);
            }

            if (NeedsNewestFirst)
            {
                sink = new NewestFirstStage(sink, runContext.KeepsWholeEvents ? null : BufferedEventFields);
            }

            // A base search's time modifiers are relative to the run's now and time zone: the run gets them fixed.
            var generator = Generator is EventSearch { SetsTimeRange: true } search
                ? new EventSearch(search.Position, TimeWindowExpression.Bind(search.Expression, runContext))
                : Generator;
            return new PipelineRun(this, generator.Start(runContext, sink), collector, runContext);
        }
        catch (SplLimitException e)
        {
            // A subsearch that runs when its parent starts (over a lookup) went past a limit: the run fails from the start.
            return new PipelineRun(this, null, collector, runContext) { Failure = e };
        }
    }

    private static bool DecideNewestFirst(IReadOnlyList<SplCommand> commands)
    {
        foreach (var command in commands)
        {
            if (command.DependsOnOrder)
            {
                return true;
            }

            if (command.SetsOrder)
            {
                return false;
            }
        }

        // Raw events come out in Splunk's order too.
        return true;
    }
}

/// <summary>
/// One run of a pipeline: push events, then complete to get the results. A run that goes past a limit bounding memory
/// (<see cref="SplLimitException"/>) stops taking events; its result has no rows and says why (<see cref="SearchResult.Failure"/>).
/// </summary>
public sealed class PipelineRun
{
    private readonly SplPipeline _pipeline;
    private GeneratorRun? _generator;
    private readonly RowCollector _collector;
    private SearchContext _context;
    private SplLimitException? _failure;
    private long _matchedAtStop;

    internal PipelineRun(SplPipeline pipeline, GeneratorRun? generator, RowCollector collector, SearchContext context)
    {
        _pipeline = pipeline;
        _generator = generator;
        _collector = collector;
        _context = context;
    }

    /// <summary>The search this is a run of.</summary>
    public SplPipeline Pipeline => _pipeline;

    /// <summary>Events the generator took (for an event search, those that matched the base search).</summary>
    public long Matched => _generator?.Matched ?? _matchedAtStop;

    /// <summary>The limit the run went past, once it has (it takes no more events then).</summary>
    public SplLimitException? Failure
    {
        get => _failure;
        internal init => _failure = value;
    }

    /// <summary>Whether this run wants the hunt's events at all (for itself or for its subsearches).</summary>
    public bool ReadsEvents => _pipeline.ReadsEvents;

    /// <summary>Whether result rows past the run's maxout were dropped.</summary>
    internal bool Truncated => _collector.Truncated;

    /// <summary>Result rows the run made, kept or dropped past its maxout.</summary>
    internal long RowsMade => _collector.RowsSeen;

    /// <summary>Offers one event. The row may be shared with other runs: it is copied only if kept.</summary>
    public void Push(Row eventRow)
    {
        // Every part, in order: a part past a limit stops the run, which then takes nothing more (no feed, after Stop).
        PushTo(0, eventRow);
        for (var part = 1; part <= _context.EventFeeds.Count; part++)
        {
            PushTo(part, eventRow);
        }
    }

    /// <summary>
    /// The parts of the run that take events on their own, each with its gate: its generator (part 0, when it reads
    /// the files' events), then each feed its stages started (part 1 on: subsearches over events, map's events), in
    /// the order <see cref="Push"/> offers them an event. Offering an event to each part whose gate it passes
    /// (<see cref="PushTo"/>), in this order, is offering it to the run: a part's gate rules out only events the part
    /// could not take, and a subsearch then sees only its own events, not every event its parent's other parts take.
    /// </summary>
    public IReadOnlyList<(int Part, Dispatch.SearchGate Gate)> EventParts(Func<string, bool> isVerbatimField)
    {
        var parts = new List<(int, Dispatch.SearchGate)>();
        if (_generator is null || !_pipeline.ReadsEvents || _pipeline.TakesNoFileEvents)
        {
            return parts;
        }

        if (_pipeline.Generator.ReadsEvents && !_pipeline.ReadsOnlyRiskIndex)
        {
            parts.Add((0, _pipeline.OwnGate(isVerbatimField)));
        }

        var feeds = _context.EventFeeds;
        for (var i = 0; i < feeds.Count; i++)
        {
            parts.Add((i + 1, feeds[i].Gate(isVerbatimField)));
        }

        return parts;
    }

    /// <summary>Offers one event to one of its <see cref="EventParts"/>; the row may be shared, as with <see cref="Push"/>.</summary>
    public void PushTo(int part, Row eventRow)
    {
        if (_failure is not null || _generator is null)
        {
            return;
        }

        try
        {
            if (part == 0)
            {
                _generator.Push(eventRow);
            }
            else
            {
                _context.EventFeeds[part - 1].Push(eventRow);
            }
        }
        catch (SplLimitException e)
        {
            Stop(e);
        }
        catch (RegexMatchTimeoutException e)
        {
            Stop(RegexTimedOut(e));
        }
    }

    // A regular expression the backtracking engine could not finish within Pcre.Timeout on one text: the search stops
    // with an error naming it, as at a limit, and the other searches of the hunt go on.
    private static SplLimitException RegexTimedOut(RegexMatchTimeoutException e) => new(string.Create(CultureInfo.InvariantCulture,
        $"a regular expression ran past its {e.MatchTimeout.TotalSeconds:0.#} s on a text of {e.Input.Length} characters: /{e.Pattern}/"), e);

    /// <summary>Stops at a limit: what the run held (events, groups) is let go at once, not at the end of the hunt.</summary>
    private void Stop(SplLimitException failure)
    {
        _failure = failure;
        _matchedAtStop = _generator?.Matched ?? 0;
        _generator = null;
        _context = _context.WithoutEventFeeds();
    }

    public SearchResult Complete()
    {
        if (_failure is null && _generator is not null)
        {
            try
            {
                // Subsearches first: what waits on them (a join, a filter) completes with the generator.
                foreach (var feed in _context.EventFeeds)
                {
                    feed.Complete();
                }

                _generator.Complete();
            }
            catch (SplLimitException e)
            {
                Stop(e);
            }
            catch (RegexMatchTimeoutException e)
            {
                Stop(RegexTimedOut(e));
            }
        }

        IReadOnlyList<Row> rows = _failure is null ? _collector.Rows : [];
        var columns = _pipeline.Columns ?? DynamicColumns(rows);
        return new SearchResult(columns, rows) { Failure = _failure, Warnings = _context.Warnings };
    }

    /// <summary>For raw events: _time, then the fields in the order first seen, then _raw; other internal fields hidden.</summary>
    private static List<string> DynamicColumns(IEnumerable<Row> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        var hasTime = false;
        var hasRaw = false;
        foreach (var row in rows)
        {
            foreach (var name in row.Names)
            {
                if (name == "_time")
                {
                    hasTime = true;
                }
                else if (name == "_raw")
                {
                    hasRaw = true;
                }
                else if (!name.StartsWith('_') && seen.Add(name))
                {
                    columns.Add(name);
                }
            }
        }

        if (hasTime)
        {
            columns.Insert(0, "_time");
        }

        if (hasRaw)
        {
            columns.Add("_raw");
        }

        return columns;
    }
}

/// <summary>A search's results: the columns in order and the rows.</summary>
public sealed record SearchResult(IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows)
{
    /// <summary>Why the search stopped, when it went past a limit bounding memory: its rows are then empty.</summary>
    public SplLimitException? Failure { get; init; }

    /// <summary>Limits the search met that cut its results short (a subsearch's maxout ...), one line each naming the limit.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Counts the rows passing between a run's stages (<see cref="SplPipeline.RunOverNoEvent"/>).</summary>
internal sealed class RowsPassed
{
    public long Count { get; private set; }

    public IRowSink Before(IRowSink sink) => new Counting(this, sink);

    private sealed class Counting(RowsPassed counted, IRowSink sink) : IRowSink
    {
        public void Push(Row row)
        {
            counted.Count++;
            sink.Push(row);
        }

        public void Complete() => sink.Complete();
    }
}
