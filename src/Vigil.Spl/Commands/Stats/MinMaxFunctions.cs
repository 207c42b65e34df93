using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>min(x)</c>: the least value in Splunk's order (numbers before strings).</summary>
internal sealed class MinFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["min"];

    public override Aggregator Create() => new ExtremeAggregator(preferLess: true);
}

/// <summary><c>max(x)</c>: the greatest value in Splunk's order.</summary>
internal sealed class MaxFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["max"];

    public override Aggregator Create() => new ExtremeAggregator(preferLess: false);
}

internal sealed class ExtremeAggregator(bool preferLess) : Aggregator
{
    private bool _any;
    private Value _best;

    public override void Add(Value value, Row row)
    {
        foreach (var single in Singles(value))
        {
            var order = _any ? SplunkOrder.Instance.Compare(single, _best) : 0;
            if (!_any || (preferLess ? order < 0 : order > 0))
            {
                _best = single;
                _any = true;
            }
        }
    }

    public override Value Result() => _any ? _best : Value.Null;
}
