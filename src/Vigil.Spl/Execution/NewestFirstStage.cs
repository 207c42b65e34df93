using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// Splunk returns events newest first. Files are read in file order, so a pipeline whose result depends on the order
/// (head, dedup, list(), transaction, raw events) gets its matched events buffered and reordered by _time, newest
/// first, stably. Buffered events keep only the fields the pipeline reads (<paramref name="kept"/>, with _time) when
/// those are known: the raw text and the fields no command reads are most of an event.
/// </summary>
internal sealed class NewestFirstStage(IRowSink next, FieldKey[]? kept) : IRowSink
{
    private readonly List<Row> _rows = [];

    public void Push(Row row) => _rows.Add(kept is null ? row : row.CopyOf(kept));

    public void Complete()
    {
        var ordered = _rows
            .Select((row, index) => (row, index, time: row["_time"].TryGetTime(out var t) ? t.UnixTicks : long.MinValue))
            .OrderByDescending(x => x.time)
            .ThenBy(x => x.index);
        foreach (var (row, _, _) in ordered)
        {
            next.Push(row);
        }

        next.Complete();
    }
}
