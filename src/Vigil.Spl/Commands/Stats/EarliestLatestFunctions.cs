using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>earliest(x)</c>: x of the row with the least _time.</summary>
internal sealed class EarliestFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["earliest"];

    public override Aggregator Create() => new ByTimeAggregator(earliest: true);
}

/// <summary><c>latest(x)</c>: x of the row with the greatest _time.</summary>
internal sealed class LatestFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["latest"];

    public override Aggregator Create() => new ByTimeAggregator(earliest: false);
}

internal sealed class ByTimeAggregator(bool earliest) : Aggregator
{
    private Timestamp? _bestTime;
    private Value _best;

    public override void Add(Value value, Row row)
    {
        if (!row["_time"].TryGetTime(out var time))
        {
            return;
        }

        if (_bestTime is null || (earliest ? time < _bestTime.Value : time > _bestTime.Value))
        {
            _bestTime = time;
            _best = value;
        }
    }

    public override Value Result() => _bestTime is null ? Value.Null : _best;
}
