namespace Vigil.Spl.Values;

/// <summary>
/// The events behind a row: the first <see cref="MaxKept"/> of them, as the references the reader gave them (a file and
/// line, an EVTX record ...; the engine never looks inside), and how many rows from events were taken in all. An event row
/// carries its own; a row that stats or another aggregating command makes carries the evidence of every row it took in.
/// Immutable once made: commands that combine evidence build a new one with <see cref="Accumulator"/>.
/// </summary>
public sealed class Evidence
{
    public const int MaxKept = 20;

    private Evidence(IReadOnlyList<object> kept, long total, Timestamp? earliest, Timestamp? latest)
    {
        Kept = kept;
        Total = total;
        Earliest = earliest;
        Latest = latest;
    }

    /// <summary>At most <see cref="MaxKept"/> references, in the order their rows arrived, none twice.</summary>
    public IReadOnlyList<object> Kept { get; }

    /// <summary>How many event rows went into this row (an event reaching it twice, say through mvexpand, counts twice).</summary>
    public long Total { get; }

    /// <summary>The time of the oldest event behind the row (null when none had a time).</summary>
    public Timestamp? Earliest { get; }

    /// <summary>The time of the newest event behind the row: when the row could first have been found.</summary>
    public Timestamp? Latest { get; }

    public static Evidence Of(object reference, Timestamp? time) => new([reference], 1, time, time);

    /// <summary>The evidence of rows combined into one (null when none of them has any).</summary>
    public static Evidence? Combine(Evidence? first, Evidence? second)
    {
        if (first is null || second is null)
        {
            return first ?? second;
        }

        var accumulator = new Accumulator();
        accumulator.Add(first);
        accumulator.Add(second);
        return accumulator.ToEvidence();
    }

    /// <summary>Collects the evidence of the rows an aggregate takes in.</summary>
    public sealed class Accumulator
    {
        private readonly List<object> _kept = [];
        private long _total;
        private Timestamp? _earliest;
        private Timestamp? _latest;

        public void Add(Evidence? evidence)
        {
            if (evidence is null)
            {
                return;
            }

            _total += evidence.Total;
            if (evidence.Earliest is { } earliest && (_earliest is not { } soonest || earliest.UnixTicks < soonest.UnixTicks))
            {
                _earliest = earliest;
            }

            if (evidence.Latest is { } latest && (_latest is not { } newest || latest.UnixTicks > newest.UnixTicks))
            {
                _latest = latest;
            }

            // By index: every row a stats takes in comes here, and an enumerator of the list would be allocated for each.
            var kept = evidence.Kept;
            for (var i = 0; i < kept.Count && _kept.Count < MaxKept; i++)
            {
                if (!_kept.Contains(kept[i]))
                {
                    _kept.Add(kept[i]);
                }
            }
        }

        public Evidence? ToEvidence() => _total == 0 ? null : new Evidence(_kept.ToArray(), _total, _earliest, _latest);
    }
}
