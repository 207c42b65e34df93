using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// <c>perc&lt;N&gt;(x)</c>, also written <c>p&lt;N&gt;</c>, <c>exactperc&lt;N&gt;</c> and <c>upperperc&lt;N&gt;</c>,
/// N from 0 to 100 with decimals allowed (<c>p99.9</c>): the N-th percentile of the numeric values. Splunk computes
/// these exactly, by nearest rank, below 1000 distinct values and approximates above; Vigil always computes them exactly,
/// taking the value at the zero-based index floor(N/100 × count) of the sorted values (the last for N=100), so that
/// with an even count the median is the higher of the two middle values, as Splunk documents for median.
/// </summary>
internal sealed partial class PercentileFunction : StatsFunction
{
    private readonly double _percentile;

    internal PercentileFunction()
        : this(50)
    {
    }

    private PercentileFunction(double percentile) => _percentile = percentile;

    // A family named by a pattern: found through ForName, not by fixed names.
    public override IReadOnlyList<string> Names => [];

    public override IReadOnlyList<string> PatternNames => ["perc<N>", "p<N>", "exactperc<N>", "upperperc<N>"];

    public override StatsFunction? ForName(string name)
    {
        var match = PercentileName().Match(name);
        return match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percentile) && percentile <= 100
            ? new PercentileFunction(percentile)
            : null;
    }

    public override Aggregator Create() => new SortedNumbersAggregator(numbers => numbers[Math.Min(numbers.Count - 1, (int)Math.Floor(_percentile / 100 * numbers.Count))]);

    [GeneratedRegex(@"^(?:perc|p|exactperc|upperperc)(\d+(?:\.\d+)?)$")]
    private static partial Regex PercentileName();
}

/// <summary><c>median(x)</c>: the middle numeric value; with an even count, the higher of the two middle ones.</summary>
internal sealed class MedianFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["median"];

    public override Aggregator Create() => new SortedNumbersAggregator(numbers => numbers[numbers.Count / 2]);
}

/// <summary>Keeps every numeric value (each of a multivalue); the result is picked from them sorted. Null when there is none.</summary>
internal sealed class SortedNumbersAggregator(Func<List<double>, double> pick) : Aggregator
{
    private readonly List<double> _numbers = [];

    public override void Add(Value value, Row row)
    {
        foreach (var single in Singles(value))
        {
            if (single.TryGetNumber(out var number))
            {
                _numbers.Add(number);
            }
        }
    }

    public override Value Result()
    {
        if (_numbers.Count == 0)
        {
            return Value.Null;
        }

        _numbers.Sort();
        return Value.FromNumber(pick(_numbers));
    }
}
