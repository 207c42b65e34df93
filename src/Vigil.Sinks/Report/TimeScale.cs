using System.Globalization;

namespace Vigil.Sinks.Report;

/// <summary>
/// The chart's time axis: a domain around the data (Unix ticks, UTC) and round ticks across it, from seconds to
/// centuries. Tick steps are calendar units (whole minutes, days, months, years), so labels read as a calendar does.
/// </summary>
internal sealed class TimeScale
{
    /// <summary>Below this the data is one instant or nearly; the axis still shows a readable window around it.</summary>
    private static readonly long MinSpan = TimeSpan.FromSeconds(10).Ticks;

    private const int MaxTicks = 7;
    private const double AverageMonthTicks = 30.436875 * TimeSpan.TicksPerDay;

    private static readonly TickStep[] Steps =
    [
        .. new[] { 1, 2, 5, 10, 15, 30 }.Select(s => TickStep.Fixed(TimeSpan.FromSeconds(s))),
        .. new[] { 1, 2, 5, 10, 15, 30 }.Select(m => TickStep.Fixed(TimeSpan.FromMinutes(m))),
        .. new[] { 1, 2, 3, 6, 12 }.Select(h => TickStep.Fixed(TimeSpan.FromHours(h))),
        .. new[] { 1, 2, 7 }.Select(d => TickStep.Fixed(TimeSpan.FromDays(d))),
        .. new[] { 1, 2, 3, 6 }.Select(TickStep.OfMonths),
        .. new[] { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000 }.Select(y => TickStep.OfMonths(y * 12)),
    ];

    private TimeScale(long start, long end, IReadOnlyList<TimeTick> ticks)
    {
        Start = start;
        End = end;
        Ticks = ticks;
    }

    public long Start { get; }

    public long End { get; }

    public IReadOnlyList<TimeTick> Ticks { get; }

    /// <summary>Where a time falls across the domain, 0 at its start and 1 at its end.</summary>
    public double Fraction(long ticks) => (ticks - Start) / (double)(End - Start);

    /// <summary>A scale from a little before the first time to a little after the last, so a step at either end shows.</summary>
    public static TimeScale Over(long first, long last)
    {
        first = ReportFormat.Clamp(first);
        last = ReportFormat.Clamp(last);
        var span = last - first;
        if (span < MinSpan)
        {
            first -= (MinSpan - span) / 2;
            span = MinSpan;
        }

        var pad = span / 25;
        var start = ReportFormat.Clamp(first - pad);
        var end = ReportFormat.Clamp(first + span + pad);
        if (end - start < MinSpan)
        {
            // Only at the very ends of DateTime's range: keep the window inside it.
            start = end == ReportFormat.MaxUnixTicks ? end - MinSpan : start;
            end = start + MinSpan;
        }

        var step = Steps.FirstOrDefault(s => (end - start) / s.ApproximateTicks <= MaxTicks) ?? Steps[^1];
        return new TimeScale(start, end, step.Ticks(start, end));
    }

    /// <summary>A tick step: a fixed duration (up to a week) or a number of calendar months (months and years).</summary>
    private sealed class TickStep
    {
        private readonly long _fixed;
        private readonly int _months;

        private TickStep(long fixedTicks, int months)
        {
            _fixed = fixedTicks;
            _months = months;
        }

        public double ApproximateTicks => _fixed > 0 ? _fixed : _months * AverageMonthTicks;

        public static TickStep Fixed(TimeSpan step) => new(step.Ticks, 0);

        public static TickStep OfMonths(int months) => new(0, months);

        public List<TimeTick> Ticks(long start, long end)
        {
            var times = _fixed > 0 ? FixedTimes(start, end) : MonthTimes(start, end);
            var ticks = new List<TimeTick>();
            DateTime? previous = null;
            foreach (var time in times)
            {
                var utc = ReportFormat.Utc(time);
                ticks.Add(new TimeTick(time, Label(utc), DateLine(utc, previous)));
                previous = utc;
            }

            return ticks;
        }

        private IEnumerable<long> FixedTimes(long start, long end)
        {
            // Multiples of the step since the epoch: whole minutes, hours and UTC days line up with the calendar.
            var offset = ((start % _fixed) + _fixed) % _fixed;
            for (var t = offset == 0 ? start : start - offset + _fixed; t <= end; t += _fixed)
            {
                yield return t;
            }
        }

        private IEnumerable<long> MonthTimes(long start, long end)
        {
            var first = ReportFormat.Utc(start);
            var index = (first.Year * 12) + first.Month - 1;
            if (first != new DateTime(first.Year, first.Month, 1, 0, 0, 0, DateTimeKind.Utc))
            {
                index++;
            }

            // Round up to a multiple of the step, so yearly ticks fall on 1 January and decades on years ending in 0.
            for (index = (index + _months - 1) / _months * _months; index / 12 <= 9999; index += _months)
            {
                var t = ReportFormat.UnixTicks(new DateTime(index / 12, (index % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc));
                if (t > end)
                {
                    yield break;
                }

                yield return t;
            }
        }

        private string Label(DateTime utc)
        {
            var format = _fixed switch
            {
                > 0 and < TimeSpan.TicksPerMinute => "HH:mm:ss",
                > 0 and < TimeSpan.TicksPerDay => "HH:mm",
                > 0 => "yyyy-MM-dd",
                _ => _months < 12 ? "yyyy-MM" : "yyyy",
            };
            return utc.ToString(format, CultureInfo.InvariantCulture);
        }

        /// <summary>Ticks within a day carry the date beneath the time on the first tick and wherever the day changes.</summary>
        private string? DateLine(DateTime utc, DateTime? previous) =>
            _fixed is > 0 and < TimeSpan.TicksPerDay && previous?.Date != utc.Date
                ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null;
    }
}

/// <summary>One labelled time on the axis; <paramref name="DateLine"/> is a second line (the date) under times of day.</summary>
internal readonly record struct TimeTick(long Ticks, string Label, string? DateLine);
