using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// The groups rows fall in by their by-fields, as stats forms them: rows missing a by-field fall in none (unless a
/// fill value stands in, as tstats' fillnull_value does); a multivalue by-field puts the row in a group for each of
/// its values, repeats included (Splunk's default <c>dedup_splitvals=false</c>). Groups are told apart by their text,
/// so the number 1 and the string "1" are one group, case-sensitively.
/// </summary>
internal sealed class GroupKeys(IReadOnlyList<string> groupBy, Value? fillNull)
{
    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    // The by-fields with their hashes: read from every row.
    private readonly FieldKey[] _keys = [.. groupBy.Select(name => new FieldKey(name))];

    /// <summary>What <see cref="Read"/> found of a row's by-fields.</summary>
    public enum Found
    {
        /// <summary>A by-field is missing (and no fill value stands in): the row is in no group.</summary>
        None,

        /// <summary>One group, whose values and key were written.</summary>
        One,

        /// <summary>A multivalue among them: a group per combination, from <see cref="Of"/>.</summary>
        Several,
    }

    /// <summary>
    /// The groups of one row: its by-field values as text (the key) and as they are. <see cref="Read"/> does the same
    /// into arrays the caller keeps, for the common row of one group.
    /// </summary>
    public IEnumerable<(string[] Key, Value[] Values)> Of(Row row)
    {
        var values = new Value[GroupBy.Count];
        var key = new string[GroupBy.Count];
        return Read(row, values, key) switch
        {
            Found.None => [],
            Found.One => [(key, values)],
            _ => Expanded(values),
        };
    }

    /// <summary>The groups of by-field values <see cref="Read"/> found <see cref="Found.Several"/> of: one per combination.</summary>
    public static IEnumerable<(string[] Key, Value[] Values)> Expanded(Value[] values) => Expand(values, 0).Select(v => (TextKey(v), v));

    /// <summary>
    /// Reads a row's by-field values into <paramref name="values"/> (as long as the by-fields) and, when they make one
    /// group, its key into <paramref name="key"/>: no allocation for a row whose group exists.
    /// </summary>
    public Found Read(Row row, Value[] values, string[] key)
    {
        var multi = false;
        for (var i = 0; i < values.Length; i++)
        {
            var value = row[_keys[i]];
            if (value.IsNull)
            {
                if (fillNull is not { } fill)
                {
                    return Found.None;
                }

                value = fill;
            }

            multi |= value.Kind == ValueKind.Multi;
            values[i] = value;
        }

        if (multi)
        {
            return Found.Several;
        }

        for (var i = 0; i < values.Length; i++)
        {
            key[i] = values[i].ToString();
        }

        return Found.One;
    }

    private static string[] TextKey(Value[] values)
    {
        var key = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            key[i] = values[i].ToString();
        }

        return key;
    }

    private static IEnumerable<Value[]> Expand(Value[] values, int index)
    {
        if (index == values.Length)
        {
            yield return (Value[])values.Clone();
            yield break;
        }

        var original = values[index];
        if (original.Kind != ValueKind.Multi)
        {
            foreach (var key in Expand(values, index + 1))
            {
                yield return key;
            }

            yield break;
        }

        foreach (var single in original.Values)
        {
            values[index] = Value.FromString(single);
            foreach (var key in Expand(values, index + 1))
            {
                yield return key;
            }
        }

        values[index] = original;
    }

    /// <summary>Compares keys by their text, case-sensitively.</summary>
    public sealed class KeyComparer : IEqualityComparer<string[]>
    {
        public static KeyComparer Instance { get; } = new();

        public bool Equals(string[]? x, string[]? y) => x!.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = default(HashCode);
            foreach (var text in obj)
            {
                hash.Add(text, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }

    /// <summary>The order stats gives its groups: by the by-field values in Splunk's order.</summary>
    public sealed class GroupOrder : IComparer<Value[]>
    {
        public static GroupOrder Instance { get; } = new();

        public int Compare(Value[]? x, Value[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var order = SplunkOrder.Instance.Compare(x[i], y![i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }
    }
}

/// <summary>The running aggregations of one group: one aggregator each, or one per field a wildcard matched.</summary>
internal sealed class AggregatorSet
{
    private readonly IReadOnlyList<StatsAggregation> _aggregations;
    private readonly Aggregator[] _single;
    private readonly SortedDictionary<string, Aggregator>?[] _byField;
    private Evidence.Accumulator? _evidence;

    public AggregatorSet(IReadOnlyList<StatsAggregation> aggregations)
    {
        _aggregations = aggregations;
        _single = new Aggregator[aggregations.Count];
        _byField = new SortedDictionary<string, Aggregator>?[aggregations.Count];
        for (var i = 0; i < aggregations.Count; i++)
        {
            if (aggregations[i].Wildcard is null)
            {
                _single[i] = aggregations[i].Create();
            }
            else
            {
                _byField[i] = new SortedDictionary<string, Aggregator>(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The events behind the rows taken in.</summary>
    public Evidence? Evidence => _evidence?.ToEvidence();

    public void Add(Row row, SearchContext context)
    {
        if (row.Evidence is { } evidence)
        {
            (_evidence ??= new Evidence.Accumulator()).Add(evidence);
        }

        for (var i = 0; i < _aggregations.Count; i++)
        {
            var aggregation = _aggregations[i];
            if (_byField[i] is { } byField)
            {
                AddMatching(aggregation, byField, row);
                continue;
            }

            if (aggregation.CountsRows)
            {
                _single[i].AddRow(row);
                continue;
            }

            var value = aggregation.Read(row, context);
            if (!value.IsNull)
            {
                _single[i].Add(value, row);
            }
        }
    }

    private static void AddMatching(StatsAggregation aggregation, SortedDictionary<string, Aggregator> byField, Row row)
    {
        foreach (var (name, value) in row.Fields)
        {
            // Wildcards in stats leave the internal fields (_time, _raw ...) out.
            if (name.StartsWith('_') || !aggregation.Wildcard!.IsMatch(name))
            {
                continue;
            }

            if (!byField.TryGetValue(name, out var aggregator))
            {
                aggregator = aggregation.Create();
                byField.Add(name, aggregator);
            }

            aggregator.Add(value, row);
        }
    }

    /// <summary>
    /// Sets each result on the row, except over the fields in <paramref name="keep"/> (the by-fields). A null result
    /// leaves an existing field alone: of two aggregations with one name, the one with a value wins.
    /// </summary>
    public void WriteTo(Row row, IReadOnlyCollection<string> keep)
    {
        for (var i = 0; i < _aggregations.Count; i++)
        {
            if (_byField[i] is { } byField)
            {
                var aggregation = _aggregations[i];
                foreach (var (field, aggregator) in byField)
                {
                    Write(row, aggregation.OutputPattern!.Fill(aggregation.Wildcard!.Capture(field)!), aggregator.Result(), keep);
                }

                continue;
            }

            Write(row, _aggregations[i].OutputName, _single[i].Result(), keep);
        }
    }

    private static void Write(Row row, string name, Value result, IReadOnlyCollection<string> keep)
    {
        if (!keep.Contains(name) && (!result.IsNull || !row.Has(name)))
        {
            row[name] = result;
        }
    }
}
