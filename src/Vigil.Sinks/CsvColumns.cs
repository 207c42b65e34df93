using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>
/// The columns of a CSV export (<see cref="EventLines.CsvOfRows"/>): every field name of the events' rows in the order
/// first seen, <c>_time</c> where an event first has it (as it comes first in its event), <c>_raw</c> last (it is the
/// widest) or not at all. The rows are made in batches on several threads, as the export makes them; each batch's
/// names, in their order, are merged in the order of the batches, so the columns are those one pass in order gives.
/// </summary>
public static class CsvColumns
{
    /// <param name="events">The events, in the order they will be written.</param>
    /// <param name="includeRaw">Whether <c>_raw</c> is a column.</param>
    /// <param name="threads">Threads that may make rows at once (1: all on the calling thread).</param>
    /// <param name="newRowMaker">As <see cref="EventLines.JsonOfRows"/> takes it.</param>
    public static List<string> Learn(IEnumerable<WinEvent> events, bool includeRaw, int threads, Func<Func<WinEvent, Row>> newRowMaker)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        using (var batches = new OrderedBatches<WinEvent, Func<WinEvent, Row>, List<string>>(
            threads,
            EventLines.BatchEvents,
            EventLines.BatchChars,
            newRowMaker,
            (toRow, batch) => NamesOf(batch, toRow, includeRaw),
            names => columns.AddRange(names.Where(seen.Add))))
        {
            foreach (var winEvent in events)
            {
                batches.Add(winEvent, EventLines.CharsOf(winEvent, includeRaw));
            }
        }

        if (columns.Remove("_raw"))
        {
            columns.Add("_raw");
        }

        return columns;
    }

    private static List<string> NamesOf(List<WinEvent> batch, Func<WinEvent, Row> toRow, bool includeRaw)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var winEvent in batch)
        {
            var row = toRow(winEvent);
            if (row.Has("_time") && seen.Add("_time"))
            {
                names.Add("_time");
            }

            foreach (var (name, _) in row.Fields)
            {
                if (name != "_time" && (includeRaw || name != "_raw") && seen.Add(name))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
