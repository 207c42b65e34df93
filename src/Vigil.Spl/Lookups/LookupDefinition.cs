namespace Vigil.Spl.Lookups;

/// <summary>How a lookup field's table values match an event's value (transforms.conf <c>match_type</c>).</summary>
public enum LookupMatchType
{
    Exact,

    /// <summary>The table value may hold <c>*</c> wildcards.</summary>
    Wildcard,

    /// <summary>The table value is an IP address or CIDR block that contains the event's address.</summary>
    Cidr,
}

/// <summary>
/// A lookup table as transforms.conf (or an ESCU lookup YAML) defines it: where its CSV lies, how its fields match
/// and how many matches it returns. The table is read on first use, once.
/// </summary>
public sealed class LookupDefinition
{
    private readonly Func<TextReader> _open;
    private readonly Lazy<LookupTable> _table;
    private readonly Lazy<LookupHeader> _header;

    // One per file name, so that searches naming the file check and read it once, as they do a definition.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LookupDefinition> _asFiles = new(StringComparer.Ordinal);

    public LookupDefinition(string name, string origin, Func<TextReader> open)
    {
        Name = name;
        Origin = origin;
        _open = open;
        _table = new Lazy<LookupTable>(ReadTable, LazyThreadSafetyMode.ExecutionAndPublication);
        _header = new Lazy<LookupHeader>(() => _table.IsValueCreated ? _table.Value.Header : LookupTable.Check(_open(), Origin, MaxRows), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    /// <summary>Where the table comes from (a file path), for messages.</summary>
    public string Origin { get; }

    /// <summary>Match types by lookup field; fields not listed match exactly.</summary>
    public IReadOnlyDictionary<string, LookupMatchType> MatchTypes { get; init; } = new Dictionary<string, LookupMatchType>(StringComparer.Ordinal);

    /// <summary>Whether input values must match the table's case (Splunk's default: yes).</summary>
    public bool CaseSensitive { get; init; } = true;

    /// <summary>The most table rows one input matches, first in file order (Splunk's default: 100).</summary>
    public int MaxMatches { get; init; } = 100;

    public int MinMatches { get; init; }

    /// <summary>The output value when fewer than <see cref="MinMatches"/> rows match.</summary>
    public string? DefaultMatch { get; init; }

    /// <summary>
    /// The most rows the table may have (the limit spl.lookup-rows of the definitions it belongs to); a larger table
    /// cannot be read. Takes effect when the table is read, on first use.
    /// </summary>
    public int MaxRows { get; internal set; } = Execution.SplLimits.Default.LookupRows;

    /// <summary>The table, read now if it was not yet; throws <see cref="InvalidDataException"/> when it cannot be read.</summary>
    public LookupTable Table => _table.Value;

    /// <summary>
    /// The table's columns, the whole table checked as <see cref="Table"/> would read it (throws the same
    /// <see cref="InvalidDataException"/>) but its rows not kept: what a search compiles against. ESCU's tables are
    /// read when a search first looks something up, not when every detection compiles (one of them has 92,000 rows,
    /// and reading them was a quarter of compiling all of ESCU).
    /// </summary>
    public LookupHeader Header => _header.Value;

    /// <summary>
    /// The table for a running search, which compiled against <see cref="Header"/>: a table that cannot be read now
    /// (its file changed or went away since) stops that search, as a limit does, and the hunt goes on.
    /// </summary>
    internal LookupTable TableForSearch()
    {
        try
        {
            return _table.Value;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new Execution.SplLimitException($"lookup '{Name}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// The table, read once. Searches compiled against the columns <see cref="Header"/> checked get those or none: a
    /// column gone since would be dropped unseen.
    /// </summary>
    private LookupTable ReadTable()
    {
        var table = LookupTable.Read(_open(), Origin, this, MaxRows);
        if (_header.IsValueCreated && !_header.Value.Columns.SequenceEqual(table.Columns, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"its columns changed since the search compiled ({Origin} has {string.Join(", ", table.Columns)})");
        }

        return table;
    }

    public LookupMatchType MatchTypeOf(string field) => MatchTypes.GetValueOrDefault(field, LookupMatchType.Exact);

    /// <summary>
    /// The same table read as a plain CSV file, under its file name and with Splunk's default matching: what a search
    /// gets when it names the file (<c>foo.csv</c>) instead of the definition.
    /// </summary>
    public LookupDefinition AsFile(string fileName) => _asFiles.GetOrAdd(fileName, name => new(name, Origin, _open) { MaxRows = MaxRows });
}
