using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>Where rows are pushed: the next command of a pipeline, or the collector at its end.</summary>
public interface IRowSink
{
    void Push(Row row);

    /// <summary>No more rows: commands that wait for all input (stats, sort) emit now.</summary>
    void Complete();
}

/// <summary>The end of a pipeline: keeps the result rows in order, up to a limit when there is one.</summary>
public sealed class RowCollector : IRowSink
{
    private readonly int _limit;

    public RowCollector(int limit = int.MaxValue) => _limit = limit;

    public List<Row> Rows { get; } = [];

    /// <summary>Whether rows past the limit were dropped.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Rows pushed, kept or dropped.</summary>
    public long RowsSeen { get; private set; }

    public void Push(Row row)
    {
        RowsSeen++;
        if (Rows.Count < _limit)
        {
            Rows.Add(row);
        }
        else
        {
            Truncated = true;
        }
    }

    public void Complete()
    {
        // The rows are read once the run completes; nothing to do here.
    }
}
