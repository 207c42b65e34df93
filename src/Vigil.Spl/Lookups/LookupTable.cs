using System.Net;
using Vigil.Spl.Values;

namespace Vigil.Spl.Lookups;

/// <summary>
/// A lookup table's rows, read from CSV with a header. Exact-match and wildcard columns are indexed on first use (a
/// wildcard column by the runs of text its patterns need, <see cref="WildcardIndex"/>); CIDR columns are scanned. Patterns
/// are parsed once.
/// </summary>
public sealed class LookupTable
{
    private readonly LookupDefinition _definition;
    // Per column, asked for every row a lookup tests.
    private readonly LookupMatchType[] _matchTypes;
    // Per column, made on first use under the lock and read without it after: lookups match on every event, on every
    // thread.
    private readonly Dictionary<string, List<int>>?[] _exactIndexes;
    // Per column, each row's pattern: of a WILDCARD column (one object a row: a table may hold 92,000), of a CIDR one.
    private readonly Wildcard?[]?[] _wildcards;
    private readonly Func<string, bool>?[]?[] _networks;
    private readonly WildcardIndex?[] _wildcardIndexes;
    private readonly int[] _wildcardScans;
    private readonly Lock _lock = new();

    // Lookups of a wildcard column by testing every row before its index is built: building it costs about as much as
    // testing every row of ESCU's 92,000-row table some twenty times, more than a hunt that looks up one value spends.
    internal const int ScansBeforeIndex = 16;

    // The candidate rows of a wildcard lookup, reused by each thread's lookups.
    [ThreadStatic]
    private static List<int>? t_candidates;

    private LookupTable(LookupHeader header, IReadOnlyList<string[]> rows, LookupDefinition definition)
    {
        Header = header;
        Rows = rows;
        _definition = definition;
        _matchTypes = [.. header.Columns.Select(definition.MatchTypeOf)];
        _exactIndexes = new Dictionary<string, List<int>>?[header.Columns.Count];
        _wildcards = new Wildcard?[]?[header.Columns.Count];
        _networks = new Func<string, bool>?[]?[header.Columns.Count];
        _wildcardIndexes = new WildcardIndex?[header.Columns.Count];
        _wildcardScans = new int[header.Columns.Count];
    }

    public LookupHeader Header { get; }

    public IReadOnlyList<string> Columns => Header.Columns;

    public IReadOnlyList<string[]> Rows { get; }

    public int IndexOf(string column) => Header.IndexOf(column);

    /// <summary>
    /// Reads a table of at most <paramref name="maxRows"/> rows; throws <see cref="InvalidDataException"/> for a larger
    /// one, naming the limit (spl.lookup-rows), as for any table that cannot be read.
    /// </summary>
    public static LookupTable Read(TextReader reader, string origin, LookupDefinition definition, int maxRows)
    {
        using (reader)
        {
            LookupHeader? header = null;
            var rows = new List<string[]>();
            foreach (var (line, fields) in CsvText.Records(reader))
            {
                if (header is null)
                {
                    header = HeaderOf(fields, origin, line);
                    continue;
                }

                CheckRowLimit(rows.Count, maxRows, origin, line);
                var width = header.Columns.Count;
                if (fields.Length != width)
                {
                    // Splunk pads short rows and drops extra cells; so do we, rather than lose the row.
                    var fixedFields = new string[width];
                    for (var i = 0; i < width; i++)
                    {
                        fixedFields[i] = i < fields.Length ? fields[i] : string.Empty;
                    }

                    rows.Add(fixedFields);
                    continue;
                }

                rows.Add(fields);
            }

            return new LookupTable(header ?? throw NoHeader(origin), rows, definition);
        }
    }

    /// <summary>
    /// What <see cref="Read"/> checks (a header, at most <paramref name="maxRows"/> rows), without keeping the rows:
    /// the table's header, or <see cref="InvalidDataException"/> for the same tables <see cref="Read"/> refuses.
    /// </summary>
    public static LookupHeader Check(TextReader reader, string origin, int maxRows)
    {
        using (reader)
        {
            LookupHeader? header = null;
            var rows = 0;
            foreach (var (line, fields) in CsvText.Records(reader, CsvText.BlockChars, keepRecords: 1))
            {
                if (header is null)
                {
                    header = HeaderOf(fields, origin, line);
                    continue;
                }

                CheckRowLimit(rows++, maxRows, origin, line);
            }

            return header ?? throw NoHeader(origin);
        }
    }

    private static LookupHeader HeaderOf(string[] fields, string origin, int line)
    {
        var header = fields.ToList();
        if (header.Count == 0 || header.All(h => h.Length == 0))
        {
            throw new InvalidDataException($"{origin}:{line}: the lookup table has an empty header");
        }

        return new LookupHeader(header);
    }

    private static void CheckRowLimit(int rowsBefore, int maxRows, string origin, int line)
    {
        if (rowsBefore == maxRows)
        {
            throw new InvalidDataException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{origin}:{line}: the lookup table has more than {maxRows} rows ({Execution.SplLimits.Hint(Execution.SplLimits.LookupRowsName)})"));
        }
    }

    private static InvalidDataException NoHeader(string origin) => new($"{origin}: the lookup table is empty (no header line)");

    /// <summary>
    /// Appends to <paramref name="matches"/> the rows, in table order, whose input columns all match the given values
    /// (one value per input), at most <paramref name="max"/>. Allocates nothing once the columns are indexed: automatic
    /// lookups match on every event.
    /// </summary>
    public void Match(ReadOnlySpan<(int Column, string Value)> inputs, int max, List<int> matches)
    {
        if (inputs.Length == 0 || max <= 0)
        {
            return;
        }

        var exact = -1;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (_matchTypes[inputs[i].Column] == LookupMatchType.Exact)
            {
                exact = i;
                break;
            }
        }

        if (exact < 0)
        {
            var wildcard = -1;
            for (var i = 0; i < inputs.Length; i++)
            {
                if (_matchTypes[inputs[i].Column] == LookupMatchType.Wildcard)
                {
                    wildcard = i;
                    break;
                }
            }

            if (wildcard >= 0 && WildcardIndexOf(inputs[wildcard].Column) is { } index)
            {
                // Only the rows whose pattern the value could meet; every input, that one too, is then tested whole.
                var candidates = t_candidates ??= [];
                index.Candidates(inputs[wildcard].Value, candidates);
                foreach (var row in candidates)
                {
                    if (TakeIfMatching(row, inputs, exact, max, matches))
                    {
                        return;
                    }
                }

                return;
            }

            for (var row = 0; row < Rows.Count; row++)
            {
                if (TakeIfMatching(row, inputs, exact, max, matches))
                {
                    return;
                }
            }

            return;
        }

        if (ExactIndex(inputs[exact].Column).TryGetValue(inputs[exact].Value, out var found))
        {
            foreach (var row in found)
            {
                if (TakeIfMatching(row, inputs, exact, max, matches))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Adds the row when every input but the one already matched (<paramref name="exact"/>) matches; true once <paramref name="max"/> are found.</summary>
    private bool TakeIfMatching(int row, ReadOnlySpan<(int Column, string Value)> inputs, int exact, int max, List<int> matches)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            if (i != exact && !Matches(row, inputs[i].Column, inputs[i].Value))
            {
                return false;
            }
        }

        matches.Add(row);
        return matches.Count >= max;
    }

    private bool Matches(int row, int column, string value)
    {
        var type = _matchTypes[column];
        if (type == LookupMatchType.Exact)
        {
            return string.Equals(Rows[row][column], value, _definition.CaseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }

        if (type == LookupMatchType.Cidr)
        {
            var network = PatternsOf(_networks, column, static (_, text) => CidrPattern(text))[row];
            return network is not null && network(value);
        }

        var wildcard = PatternsOf(_wildcards, column, static (table, text) => table.WildcardPattern(text))[row];
        return wildcard is not null && wildcard.IsMatch(value);
    }

    private Dictionary<string, List<int>> ExactIndex(int column)
    {
        if (Volatile.Read(ref _exactIndexes[column]) is { } made)
        {
            return made;
        }

        lock (_lock)
        {
            var index = _exactIndexes[column];
            if (index is null)
            {
                index = new Dictionary<string, List<int>>(_definition.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
                for (var row = 0; row < Rows.Count; row++)
                {
                    var key = Rows[row][column];
                    if (!index.TryGetValue(key, out var list))
                    {
                        list = [];
                        index.Add(key, list);
                    }

                    list.Add(row);
                }

                Volatile.Write(ref _exactIndexes[column], index);
            }

            return index;
        }
    }

    /// <summary>Whether lookups of the column go through its index now.</summary>
    internal bool HasWildcardIndex(int column) => Volatile.Read(ref _wildcardIndexes[column]) is not null;

    /// <summary>The column's index, built once it has been scanned often enough; null before.</summary>
    private WildcardIndex? WildcardIndexOf(int column)
    {
        if (Volatile.Read(ref _wildcardIndexes[column]) is { } made)
        {
            return made;
        }

        if (Interlocked.Increment(ref _wildcardScans[column]) <= ScansBeforeIndex)
        {
            return null;
        }

        lock (_lock)
        {
            var index = _wildcardIndexes[column] ?? WildcardIndex.Build(Rows, column, _definition.CaseSensitive);
            Volatile.Write(ref _wildcardIndexes[column], index);
            return index;
        }
    }

    /// <summary>The column's patterns, one per row (null for a row that matches nothing), made once.</summary>
    private T?[] PatternsOf<T>(T?[]?[] patternsByColumn, int column, Func<LookupTable, string, T?> make)
        where T : class
    {
        if (Volatile.Read(ref patternsByColumn[column]) is { } made)
        {
            return made;
        }

        lock (_lock)
        {
            var patterns = patternsByColumn[column];
            if (patterns is null)
            {
                patterns = new T?[Rows.Count];
                for (var row = 0; row < Rows.Count; row++)
                {
                    patterns[row] = make(this, Rows[row][column]);
                }

                Volatile.Write(ref patternsByColumn[column], patterns);
            }

            return patterns;
        }
    }

    private Wildcard? WildcardPattern(string text) => text.Length == 0 ? null : new Wildcard(text, _definition.CaseSensitive);

    private static Func<string, bool>? CidrPattern(string text)
    {
        var trimmed = text.Trim();
        if (Cidr.TryParse(trimmed, out var network))
        {
            return value => Cidr.Contains(network, value);
        }

        // A bare address in a CIDR column matches itself.
        if (IPAddress.TryParse(trimmed, out var single))
        {
            return value => IPAddress.TryParse(value.Trim(), out var address) && address.Equals(single);
        }

        return null;
    }
}
