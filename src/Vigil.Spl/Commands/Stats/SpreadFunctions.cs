using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>range(x)</c>: the greatest numeric value less the least; null when there is none.</summary>
internal sealed class RangeFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["range"];

    public override Aggregator Create() => new MomentsAggregator(m => m.Max - m.Min);
}

/// <summary><c>stdev(x)</c>: the sample standard deviation of the numeric values (0 for one value).</summary>
internal sealed class StdevFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["stdev"];

    public override Aggregator Create() => new MomentsAggregator(m => Math.Sqrt(m.Variance(sample: true)));
}

/// <summary><c>stdevp(x)</c>: the population standard deviation of the numeric values.</summary>
internal sealed class StdevpFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["stdevp"];

    public override Aggregator Create() => new MomentsAggregator(m => Math.Sqrt(m.Variance(sample: false)));
}

/// <summary><c>var(x)</c>: the sample variance of the numeric values (0 for one value).</summary>
internal sealed class VarFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["var"];

    public override Aggregator Create() => new MomentsAggregator(m => m.Variance(sample: true));
}

/// <summary><c>varp(x)</c>: the population variance of the numeric values.</summary>
internal sealed class VarpFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["varp"];

    public override Aggregator Create() => new MomentsAggregator(m => m.Variance(sample: false));
}

/// <summary><c>sumsq(x)</c>: the sum of the squares of the numeric values.</summary>
internal sealed class SumsqFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["sumsq"];

    public override Aggregator Create() => new MomentsAggregator(m => m.SumOfSquares);
}

/// <summary>
/// Count, extremes and moments of the numeric values (each value of a multivalue counts; text that is no number is
/// skipped), from which range, the variances and the standard deviations are read. Null when there is no number.
/// </summary>
internal sealed class MomentsAggregator(Func<MomentsAggregator, double> result) : Aggregator
{
    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    private double _mean;
    private double _squaredDeviations;

    public double SumOfSquares { get; private set; }

    public override void Add(Value value, Row row)
    {
        foreach (var single in Singles(value))
        {
            if (!single.TryGetNumber(out var number))
            {
                continue;
            }

            // Welford's update: stable where sum-of-squares differences lose precision.
            Count++;
            var delta = number - _mean;
            _mean += delta / Count;
            _squaredDeviations += delta * (number - _mean);
            SumOfSquares += number * number;
            Min = Math.Min(Min, number);
            Max = Math.Max(Max, number);
        }
    }

    /// <summary>The variance; with one value the sample variance is taken as 0.</summary>
    public double Variance(bool sample) => sample ? Count > 1 ? _squaredDeviations / (Count - 1) : 0 : _squaredDeviations / Count;

    public override Value Result() => Count == 0 ? Value.Null : Value.FromNumber(result(this));
}
