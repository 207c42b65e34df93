using Vigil.Spl.DataModels;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// What the searches of one hunt share: the time zone times are shown in, the time the hunt started, and the data
/// model projections (every tstats over one dataset sees each event projected once, not once per search). One hunt
/// feeds its searches from one thread; a context is not shared between concurrent hunts. A pipeline run has a context
/// of its own (<see cref="ForRun"/>), with the limits of its search and the warnings it collects.
/// </summary>
public sealed class SearchContext
{
    private readonly Dictionary<CompiledDataset, CompiledDataset.Projector> _projectors;
    private readonly List<IEventFeed>? _eventFeeds;
    private readonly RunWarnings? _warnings;
    private readonly EventAccess _events;

    public SearchContext(TimeZoneInfo zone, Timestamp now)
        : this(zone, now, NewProjectors(), null, SplLimits.Default, null, new EventAccess(null, false))
    {
    }

    private SearchContext(TimeZoneInfo zone, Timestamp now, Dictionary<CompiledDataset, CompiledDataset.Projector> projectors, List<IEventFeed>? eventFeeds,
        SplLimits limits, RunWarnings? warnings, EventAccess events)
    {
        Zone = zone;
        Now = now;
        _projectors = projectors;
        _eventFeeds = eventFeeds;
        Limits = limits;
        _warnings = warnings;
        _events = events;
    }

    public static SearchContext Utc() => new(TimeZoneInfo.Utc, Timestamp.FromDateTime(DateTime.UtcNow));

    public TimeZoneInfo Zone { get; }

    /// <summary>now() in eval: fixed for the whole search, as in Splunk.</summary>
    public Timestamp Now { get; }

    /// <summary>The limits of the search this context runs (those of the definitions it was compiled with).</summary>
    public SplLimits Limits { get; }

    /// <summary>
    /// Reads the hunt's events again when a search needs them after they went by; null when they cannot be read again
    /// (rows handed over once), and then such a search holds the events it may need, up to spl.events-held.
    /// </summary>
    public IEventRereader? EventRereader => _events.Rereader;

    /// <summary>The same context, whose searches read the hunt's events again through <paramref name="rereader"/> rather than hold them.</summary>
    public SearchContext WithEventRereader(IEventRereader? rereader) =>
        new(Zone, Now, _projectors, _eventFeeds, Limits, _warnings, _events with { Rereader = rereader });

    /// <summary>
    /// Whether events a search buffers keep every field, not only those it reads (for checking that what it reads is
    /// told right: a hunt computing every field sets it).
    /// </summary>
    public bool KeepsWholeEvents => _events.KeepsWhole;

    /// <summary>The same context, whose searches buffer whole events.</summary>
    public SearchContext WithWholeEvents() =>
        new(Zone, Now, _projectors, _eventFeeds, Limits, _warnings, _events with { KeepsWhole = true });

    /// <summary>What the run met that cut its results short (a limit), one line each, in the order met.</summary>
    internal IReadOnlyList<string> Warnings => _warnings?.Lines ?? [];

    /// <summary>What a run's stages registered to see the hunt's events besides its generator (subsearches over events).</summary>
    internal IReadOnlyList<IEventFeed> EventFeeds => _eventFeeds ?? [];

    /// <summary>
    /// The context of one pipeline run: the hunt's, plus the event feeds its stages start. Subsearches over events
    /// cannot run before their parent (the events are read once), so they run beside it, fed the same events.
    /// </summary>
    /// <param name="limits">The search's limits; null (a subsearch) keeps those of the run it belongs to.</param>
    internal SearchContext ForRun(SplLimits? limits) =>
        new(Zone, Now, _projectors, [], limits ?? Limits, _eventFeeds is null ? new RunWarnings() : _warnings, _events);

    /// <summary>
    /// Notes that the run cut its results short at a limit (Splunk's maxout and the like): once per limit and run, so a
    /// search that meets it for every row says it once. The run's subsearches share their parent's warnings.
    /// </summary>
    internal void Warn(string limit, string message)
    {
        if (_warnings is { } warnings && warnings.Limits.Add(limit))
        {
            warnings.Lines.Add(message);
        }
    }

    /// <summary>
    /// A context for searches run beside this one's on another thread: the same time zone, now, event rereader and
    /// <see cref="KeepsWholeEvents"/>, its own data model projections (a projection is not shared across threads).
    /// </summary>
    public SearchContext ForPartition() => new(Zone, Now, NewProjectors(), null, SplLimits.Default, null, _events);

    /// <summary>The same context without its run's event feeds (a stopped run lets go of what they hold); warnings kept.</summary>
    internal SearchContext WithoutEventFeeds() => new(Zone, Now, _projectors, [], Limits, _warnings, _events);

    /// <summary>Has the run this context belongs to offer every event of the hunt to <paramref name="feed"/> too.</summary>
    internal void AddEventFeed(IEventFeed feed) =>
        (_eventFeeds ?? throw new InvalidOperationException("event feeds belong to a pipeline run's context")).Add(feed);

    private static Dictionary<CompiledDataset, CompiledDataset.Projector> NewProjectors() => new(ReferenceEqualityComparer.Instance);

    internal CompiledDataset.Projector ProjectorFor(CompiledDataset dataset)
    {
        if (!_projectors.TryGetValue(dataset, out var projector))
        {
            projector = dataset.Start(this);
            _projectors.Add(dataset, projector);
        }

        return projector;
    }
}

/// <summary>How a hunt's searches get at its events beyond the one reading: read again, and buffered whole or narrowed. Every copy of a context carries it.</summary>
internal sealed record EventAccess(IEventRereader? Rereader, bool KeepsWhole);

/// <summary>The warnings of one pipeline run and its subsearches, and the limits they name.</summary>
internal sealed class RunWarnings
{
    public List<string> Lines { get; } = [];

    public HashSet<string> Limits { get; } = new(StringComparer.Ordinal);
}

/// <summary>Something besides a pipeline's generator that must see every event of the hunt: a subsearch over events.</summary>
internal interface IEventFeed
{
    /// <summary>Offers one event. The row is shared and never changes after it is offered: a feed may keep it, but copies it to change it.</summary>
    void Push(Row eventRow);

    /// <summary>No more events; called before the generator of the run the feed belongs to completes.</summary>
    void Complete();

    /// <summary>What an event must have for the feed to take it (the gate of the search it feeds, subsearches and all).</summary>
    Dispatch.SearchGate Gate(Func<string, bool> isVerbatimField);
}
