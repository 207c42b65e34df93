using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>sum(x)</c>: the sum of the numeric values; null when there are none.</summary>
internal sealed class SumFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["sum"];

    public override Aggregator Create() => new NumericAggregator(average: false);
}

/// <summary><c>avg(x)</c>: the mean of the numeric values; null when there are none.</summary>
internal sealed class AvgFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["avg", "mean"];

    public override Aggregator Create() => new NumericAggregator(average: true);
}

internal sealed class NumericAggregator(bool average) : Aggregator
{
    private long _count;
    private double _sum;

    public override void Add(Value value, Row row)
    {
        foreach (var single in Singles(value))
        {
            if (single.TryGetNumber(out var number))
            {
                _sum += number;
                _count++;
            }
        }
    }

    public override Value Result() => _count == 0 ? Value.Null : Value.FromNumber(average ? _sum / _count : _sum);
}
