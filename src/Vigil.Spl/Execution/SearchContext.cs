using Vigil.Spl.DataModels;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// What the searches of one hunt share: the time zone times are shown in, the time the hunt started, and the data
/// model projections (every tstats over one dataset sees each event projected once, not once per search). One hunt
/// feeds its searches from one thread; a context is not shared between concurrent hunts.
/// </summary>
public sealed class SearchContext
{
    private readonly Dictionary<CompiledDataset, CompiledDataset.Projector> _projectors;
    private readonly List<IEventFeed>? _eventFeeds;

    public SearchContext(TimeZoneInfo zone, Timestamp now)
        : this(zone, now, new Dictionary<CompiledDataset, CompiledDataset.Projector>(ReferenceEqualityComparer.Instance), null)
    {
    }

    private SearchContext(TimeZoneInfo zone, Timestamp now, Dictionary<CompiledDataset, CompiledDataset.Projector> projectors, List<IEventFeed>? eventFeeds)
    {
        Zone = zone;
        Now = now;
        _projectors = projectors;
        _eventFeeds = eventFeeds;
    }

    public static SearchContext Utc() => new(TimeZoneInfo.Utc, Timestamp.FromDateTime(DateTime.UtcNow));

    public TimeZoneInfo Zone { get; }

    /// <summary>now() in eval: fixed for the whole search, as in Splunk.</summary>
    public Timestamp Now { get; }

    /// <summary>What a run's stages registered to see the hunt's events besides its generator (subsearches over events).</summary>
    internal IReadOnlyList<IEventFeed> EventFeeds => _eventFeeds ?? [];

    /// <summary>
    /// The context of one pipeline run: the hunt's, plus the event feeds its stages start. Subsearches over events
    /// cannot run before their parent (the events are read once), so they run beside it, fed the same events.
    /// </summary>
    internal SearchContext ForRun() => new(Zone, Now, _projectors, []);

    /// <summary>
    /// A context for searches run beside this one's on another thread: the same time zone and now, its own data model
    /// projections (a projection is not shared across threads).
    /// </summary>
    public SearchContext ForPartition() => new(Zone, Now);

    /// <summary>Has the run this context belongs to offer every event of the hunt to <paramref name="feed"/> too.</summary>
    internal void AddEventFeed(IEventFeed feed) =>
        (_eventFeeds ?? throw new InvalidOperationException("event feeds belong to a pipeline run's context")).Add(feed);

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

/// <summary>Something besides a pipeline's generator that must see every event of the hunt: a subsearch over events.</summary>
internal interface IEventFeed
{
    /// <summary>Offers one event. The row may be shared: a feed copies what it keeps.</summary>
    void Push(Row eventRow);

    /// <summary>No more events; called before the generator of the run the feed belongs to completes.</summary>
    void Complete();
}
