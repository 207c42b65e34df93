using System.Buffers;
using System.Text;
using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>
/// Formats an event as a CSV line of the row <paramref name="toRow"/> makes of it: in each column the row's field of
/// that name as Splunk shows it (a multivalue one value a line), <c>_time</c> as <see cref="ExportedTime"/>, nothing
/// where the row has no such field, each cell as <see cref="Csv.Cell"/> makes it. <paramref name="toRow"/> is this
/// formatter's alone, so it may keep what must not be shared across threads (a search context).
/// </summary>
internal sealed class CsvLineFormatter : ILineFormatter
{
    private readonly Func<WinEvent, Row> _toRow;
    private readonly Dictionary<string, int> _columnOf = new(StringComparer.Ordinal);
    private readonly string?[] _cells;
    private readonly int _timeColumn;

    public CsvLineFormatter(Func<WinEvent, Row> toRow, IReadOnlyList<string> columns)
    {
        _toRow = toRow;
        for (var i = 0; i < columns.Count; i++)
        {
            _columnOf.TryAdd(columns[i], i);
        }

        _cells = new string?[columns.Count];
        _timeColumn = _columnOf.GetValueOrDefault("_time", -1);
    }

    /// <summary>The header line: the columns' names, as cells.</summary>
    public static void WriteHeader(IReadOnlyList<string> columns, IBufferWriter<byte> output) => WriteLine(columns, output);

    public void Format(WinEvent winEvent, IBufferWriter<byte> output)
    {
        var row = _toRow(winEvent);

        // One lookup per field the row has, rather than one per column (an export of many kinds of event has hundreds).
        Array.Clear(_cells);
        foreach (var (name, value) in row.Fields)
        {
            if (_columnOf.TryGetValue(name, out var column))
            {
                _cells[column] = value.ToString();
            }
        }

        if (_timeColumn >= 0)
        {
            _cells[_timeColumn] = ExportedTime.Of(row);
        }

        WriteLine(_cells, output);
    }

    public void Dispose()
    {
    }

    private static void WriteLine(IReadOnlyList<string?> cells, IBufferWriter<byte> output)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            var cell = Csv.Cell(cells[i] ?? string.Empty);
            if (cell.Length > 0)
            {
                output.Advance(Encoding.UTF8.GetBytes(cell, output.GetSpan(Encoding.UTF8.GetMaxByteCount(cell.Length))));
            }
        }

        output.Write("\r\n"u8);
    }
}
