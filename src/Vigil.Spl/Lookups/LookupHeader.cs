namespace Vigil.Spl.Lookups;

/// <summary>A lookup table's columns, as its header line names them: all a search needs to compile against the table.</summary>
public sealed class LookupHeader
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public LookupHeader(IReadOnlyList<string> columns)
    {
        Columns = columns;
        for (var i = 0; i < columns.Count; i++)
        {
            _index.TryAdd(columns[i], i);
        }
    }

    public IReadOnlyList<string> Columns { get; }

    /// <summary>The first column of this name, or -1.</summary>
    public int IndexOf(string column) => _index.GetValueOrDefault(column, -1);
}
