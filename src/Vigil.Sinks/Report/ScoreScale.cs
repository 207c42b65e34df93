namespace Vigil.Sinks.Report;

/// <summary>
/// The chart's score axis: from zero (or the lowest running total, as a score can be negative) to the highest, widened
/// to whole steps of 1, 2 or 5 times a power of ten so the gridlines fall on round numbers.
/// </summary>
internal sealed class ScoreScale
{
    private const int MaxIntervals = 6;

    private ScoreScale(long min, long max, long step)
    {
        Min = min;
        Max = max;
        Ticks = Enumerable.Range(0, (int)((max - min) / step) + 1).Select(i => min + (i * step)).ToList();
    }

    public long Min { get; }

    public long Max { get; }

    public IReadOnlyList<long> Ticks { get; }

    /// <summary>Where a score falls on the axis, 0 at its bottom and 1 at its top.</summary>
    public double Fraction(long value) => (value - Min) / (double)(Max - Min);

    public static ScoreScale Over(long lowest, long highest)
    {
        var low = Math.Min(0, lowest);
        var high = Math.Max(0, highest);
        if (low == high)
        {
            high = 1;
        }

        var step = NiceStep(high - low);
        return new ScoreScale(FloorTo(low, step), CeilingTo(high, step), step);
    }

    private static long NiceStep(long span)
    {
        for (long power = 1; ; power *= 10)
        {
            foreach (var factor in (ReadOnlySpan<long>)[1, 2, 5])
            {
                var step = factor * power;
                if (span <= step * MaxIntervals || power > long.MaxValue / 100)
                {
                    return step;
                }
            }
        }
    }

    private static long FloorTo(long value, long step) => value >= 0 ? value / step * step : -CeilingTo(-value, step);

    private static long CeilingTo(long value, long step) => value >= 0 ? (value + step - 1) / step * step : -FloorTo(-value, step);
}
