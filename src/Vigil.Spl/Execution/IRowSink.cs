using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>Where rows are pushed: the next command of a pipeline, or the collector at its end.</summary>
public interface IRowSink
{
    void Push(Row row);

    /// <summary>No more rows: commands that wait for all input (stats, sort) emit now.</summary>
    void Complete();
}

/// <summary>The end of a pipeline: keeps the result rows in order.</summary>
public sealed class RowCollector : IRowSink
{
    public List<Row> Rows { get; } = [];

    public void Push(Row row) => Rows.Add(row);

    public void Complete()
    {
        // The rows are read once the run completes; nothing to do here.
    }
}
