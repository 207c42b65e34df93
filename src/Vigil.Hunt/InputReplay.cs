using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

/// <summary>
/// What a replay gives the events of one input, as Splunk gives the events of a file posted to its HTTP Event
/// Collector with metadata: a source and a sourcetype in place of those Vigil derives from the event, and a shift of
/// every event time (contentctl's <c>update_timestamp</c>). The file itself is never rewritten.
/// </summary>
public sealed record InputReplay(string? Source, string? Sourcetype, TimeSpan Shift)
{
    /// <summary>The event's time moved by <see cref="Shift"/>.</summary>
    public EventTime? Move(EventTime? time) => time is { } t ? new EventTime(t.UnixTicks + Shift.Ticks) : null;

    /// <summary>Gives an event row this replay's metadata and time.</summary>
    public void Apply(Row row, EventTime? shiftedTime)
    {
        if (Source is not null)
        {
            row["source"] = Value.FromString(Source);
        }

        if (Sourcetype is not null)
        {
            row["sourcetype"] = Value.FromString(Sourcetype);
        }

        if (shiftedTime is { } time)
        {
            row["_time"] = Value.FromTime(new Timestamp(time.UnixTicks));
        }
    }
}
