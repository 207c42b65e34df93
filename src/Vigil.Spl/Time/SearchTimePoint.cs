using Vigil.Spl.Eval.Functions;
using Vigil.Spl.Values;

namespace Vigil.Spl.Time;

/// <summary>
/// One end of a search's time range as a time modifier writes it. Relative ends depend on the search's now and every
/// end on its time zone (snapping, wall-clock dates), so they are resolved when a run starts, not when the search is
/// parsed.
/// </summary>
internal abstract record SearchTimePoint
{
    /// <summary>The time, or null when it falls outside the years a timestamp holds.</summary>
    public abstract Timestamp? Resolve(Timestamp now, TimeZoneInfo zone);

    /// <summary><c>now</c>, <c>now()</c>, and the end a range with only a start gets.</summary>
    public sealed record Now : SearchTimePoint
    {
        public override Timestamp? Resolve(Timestamp now, TimeZoneInfo zone) => now;
    }

    /// <summary>Epoch seconds (<c>earliest=1</c>, <c>starttimeu=...</c>): the same instant in every zone.</summary>
    public sealed record Fixed(Timestamp Time) : SearchTimePoint
    {
        public override Timestamp? Resolve(Timestamp now, TimeZoneInfo zone) => Time;
    }

    /// <summary>
    /// A relative specifier (<c>-7d@d</c>, <c>@w1</c>, <c>-24h</c>), read as eval's relative_time reads it: offsets and
    /// snaps left to right, snapping in the search's zone.
    /// </summary>
    public sealed record Relative(string Specifier) : SearchTimePoint
    {
        public override Timestamp? Resolve(Timestamp now, TimeZoneInfo zone) =>
            RelativeTime.TryApply(Specifier, now, zone, out var time) ? time : null;
    }

    /// <summary>A wall-clock time in a strptime format (<c>%m/%d/%Y:%H:%M:%S</c> by default), in the search's zone.</summary>
    public sealed record Absolute(string Text, string Format) : SearchTimePoint
    {
        public override Timestamp? Resolve(Timestamp now, TimeZoneInfo zone) =>
            SplunkTimeFormat.TryParse(Text, Format, zone, out var time) ? time : null;
    }

    /// <summary><c>starthoursago=N</c> and friends: N units before now (days and months by the calendar in the zone).</summary>
    public sealed record Ago(TimeOffset Back) : SearchTimePoint
    {
        public override Timestamp? Resolve(Timestamp now, TimeZoneInfo zone)
        {
            try
            {
                return Back.AddTo(now, zone);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
    }
}
