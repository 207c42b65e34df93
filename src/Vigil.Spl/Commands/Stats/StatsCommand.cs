using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// <c>stats &lt;aggregations&gt; [by &lt;fields&gt;]</c>. Rows missing any by-field drop out; a multivalue by-field
/// counts the row once for each of its values, repeats included (Splunk's default <c>dedup_splitvals=false</c>).
/// Groups are told apart by their text, so the number 1 and the string "1" are one group, case-sensitively; they
/// come out sorted by the by-fields in Splunk's order. Without a by clause there is always exactly one row (count 0
/// on no input).
/// </summary>
internal sealed class StatsCommand(int position, IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy) : SplCommand(position)
{
    public IReadOnlyList<StatsAggregation> Aggregations { get; } = aggregations;

    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    public override string Name => "stats";

    public override IReadOnlyCollection<string>? FieldsRead =>
        GroupBy.Concat(Aggregations.Select(a => a.Field).OfType<string>()).Append("_time").ToHashSet();

    public override bool ChoosesFields => true;

    public override bool SetsOrder => true;

    public override bool DependsOnOrder => Aggregations.Any(a => a.Function.DependsOnOrder);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) => StatsGrouping.Columns(Aggregations, GroupBy);

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) =>
        new StatsGrouping(Aggregations, GroupBy, fillNull: null, downstream);

    private sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["stats"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var aggregations = AggregationParser.ParseList(cursor, "stats", word => word.Equals("by", StringComparison.OrdinalIgnoreCase));
            var groupBy = new List<string>();
            if (cursor.TryKeyword("by", ignoreCase: true))
            {
                groupBy.AddRange(Arguments.FieldList(cursor, "stats ... by", allowWildcards: false));
            }

            if (aggregations.Count == 0)
            {
                throw site.Error("stats needs at least one function, such as count");
            }

            return new StatsCommand(site.Position, aggregations, groupBy);
        }
    }
}

/// <summary>
/// The grouping stage behind stats and tstats: one set of aggregators per distinct combination of by-field values.
/// With <c>fillNull</c> (tstats' <c>fillnull_value</c>) a missing by-field takes that value instead of dropping the row.
/// </summary>
internal sealed class StatsGrouping : IRowSink
{
    private readonly IReadOnlyList<StatsAggregation> _aggregations;
    private readonly IReadOnlyList<string> _groupBy;
    private readonly Value? _fillNull;
    private readonly IRowSink _next;
    private readonly Dictionary<string[], Group> _groups = new(TextKeyComparer.Instance);

    public StatsGrouping(IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy, string? fillNull, IRowSink next)
    {
        _aggregations = aggregations;
        _groupBy = groupBy;
        _fillNull = fillNull is null ? null : Value.FromString(fillNull);
        _next = next;
    }

    public static IReadOnlyList<string> Columns(IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy) =>
        [.. groupBy.Distinct(), .. aggregations.Select(a => a.OutputName).Where(n => !groupBy.Contains(n)).Distinct()];

    public void Push(Row row)
    {
        if (_groupBy.Count == 0)
        {
            Accumulate([], [], row);
            return;
        }

        var keyValues = new Value[_groupBy.Count];
        var multi = false;
        for (var i = 0; i < _groupBy.Count; i++)
        {
            var value = row[_groupBy[i]];
            if (value.IsNull)
            {
                if (_fillNull is not { } fill)
                {
                    return;
                }

                value = fill;
            }

            multi |= value.Kind == ValueKind.Multi;
            keyValues[i] = value;
        }

        if (!multi)
        {
            Accumulate(TextKey(keyValues), keyValues, row);
            return;
        }

        foreach (var key in Expand(keyValues, 0))
        {
            Accumulate(TextKey(key), key, row);
        }
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

    private void Accumulate(string[] key, Value[] values, Row row)
    {
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new Group(values, _aggregations.Select(a => a.Create()).ToArray());
            _groups.Add(key, group);
        }

        for (var i = 0; i < _aggregations.Count; i++)
        {
            var aggregation = _aggregations[i];
            if (aggregation.Field is null)
            {
                group.Aggregators[i].AddRow(row);
                continue;
            }

            var value = row[aggregation.Field];
            if (!value.IsNull)
            {
                group.Aggregators[i].Add(value, row);
            }
        }
    }

    public void Complete()
    {
        if (_groupBy.Count == 0 && _groups.Count == 0)
        {
            _groups.Add([], new Group([], _aggregations.Select(a => a.Create()).ToArray()));
        }

        foreach (var group in _groups.Values.OrderBy(g => g.Values, GroupOrder.Instance))
        {
            var row = new Row(group.Values.Length + group.Aggregators.Length);
            for (var i = 0; i < group.Values.Length; i++)
            {
                row[_groupBy[i]] = group.Values[i];
            }

            for (var i = 0; i < _aggregations.Count; i++)
            {
                var result = group.Aggregators[i].Result();
                var name = _aggregations[i].OutputName;
                if (!result.IsNull || !row.Has(name))
                {
                    row[name] = result;
                }
            }

            _next.Push(row);
        }

        _next.Complete();
    }

    private sealed record Group(Value[] Values, Aggregator[] Aggregators);

    private sealed class TextKeyComparer : IEqualityComparer<string[]>
    {
        public static TextKeyComparer Instance { get; } = new();

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

    private sealed class GroupOrder : IComparer<Value[]>
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
