using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// Splunk returns events newest first. Files are read in file order, so a pipeline whose result depends on the order
/// (head, dedup, list(), raw events) gets its matched events buffered and reordered by _time, newest first, stably.
/// </summary>
internal sealed class NewestFirstStage(IRowSink next) : IRowSink
{
    private readonly List<Row> _rows = [];

    public void Push(Row row) => _rows.Add(row);

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
