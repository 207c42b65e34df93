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
    private readonly Dictionary<CompiledDataset, CompiledDataset.Projector> _projectors = new(ReferenceEqualityComparer.Instance);

    public SearchContext(TimeZoneInfo zone, Timestamp now)
    {
        Zone = zone;
        Now = now;
    }

    public static SearchContext Utc() => new(TimeZoneInfo.Utc, Timestamp.FromDateTime(DateTime.UtcNow));

    public TimeZoneInfo Zone { get; }

    /// <summary>now() in eval: fixed for the whole search, as in Splunk.</summary>
    public Timestamp Now { get; }

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
