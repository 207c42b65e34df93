using Vigil.Events.Sources;

namespace Vigil.Fuzz;

/// <summary>Reads every event of a source to the end, touching each field, as a hunt would.</summary>
internal static class EventDrain
{
    public static int Drain(IEventSource source, RawEventFilter? filter = null)
    {
        var count = 0;
        var counters = new SourceCounters();
        foreach (var e in source.ReadEvents(filter, counters, _ => { }))
        {
            count++;
            foreach (var field in e.Fields)
            {
                _ = field.Name.Length + field.Value.Length;
            }
        }

        return count;
    }
}
