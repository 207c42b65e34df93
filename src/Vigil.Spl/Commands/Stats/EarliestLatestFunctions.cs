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

/// <summary><c>earliest_time(x)</c>: the _time (as epoch seconds) of the earliest row that has x.</summary>
internal sealed class EarliestTimeFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["earliest_time"];

    public override Aggregator Create() => new ByTimeAggregator(earliest: true, giveTime: true);
}

/// <summary><c>latest_time(x)</c>: the _time (as epoch seconds) of the latest row that has x.</summary>
internal sealed class LatestTimeFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["latest_time"];

    public override Aggregator Create() => new ByTimeAggregator(earliest: false, giveTime: true);
}

internal sealed class ByTimeAggregator(bool earliest, bool giveTime = false) : Aggregator
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

    public override Value Result() => _bestTime is not { } time ? Value.Null : giveTime ? Value.FromNumber(time.ToEpochSeconds()) : _best;
}
