using Vigil.Events.Model;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

public enum StatsFunction
{
    Count,
    DistinctCount,
    Min,
    Max,
    Sum,
    Avg,
    Values,
    List,
    Earliest,
    Latest,
}

/// <summary>One aggregation: <c>count</c>, <c>min(_time) as firstTime</c>, ...</summary>
public sealed record StatsAggregation(StatsFunction Function, string? Field, string OutputName);

/// <summary>
/// <c>stats &lt;aggregations&gt; [by &lt;fields&gt;]</c>. Rows missing any by-field drop out; a multivalue by-field
/// counts the row once for each of its values. Groups are case-sensitive and come out sorted by the by-fields in
/// Splunk's order. Without a by clause there is always exactly one row (count 0 on no input).
/// </summary>
public sealed class StatsCommand(int position, IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy) : SplCommand(position)
{
    private const int ListLimit = 100;

    public IReadOnlyList<StatsAggregation> Aggregations { get; } = aggregations;

    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    public override string Name => "stats";

    public override bool SetsOrder => true;

    public override bool DependsOnOrder => Aggregations.Any(a => a.Function == StatsFunction.List);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        [.. GroupBy, .. Aggregations.Select(a => a.OutputName).Where(n => !GroupBy.Contains(n)).Distinct()];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private sealed class Stage(StatsCommand command, IRowSink next) : IRowSink
    {
        private readonly Dictionary<Value[], Accumulator[]> _groups = new(GroupKeyComparer.Instance);

        public void Push(Row row)
        {
            var groupBy = command.GroupBy;
            if (groupBy.Count == 0)
            {
                Accumulate(Array.Empty<Value>(), row);
                return;
            }

            var keyValues = new Value[groupBy.Count];
            var multi = false;
            for (var i = 0; i < groupBy.Count; i++)
            {
                var value = row[groupBy[i]];
                if (value.IsNull)
                {
                    return;
                }

                multi |= value.Kind == ValueKind.Multi;
                keyValues[i] = value;
            }

            if (!multi)
            {
                Accumulate(keyValues, row);
                return;
            }

            foreach (var key in Expand(keyValues, 0))
            {
                Accumulate(key, row);
            }
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

            foreach (var single in original.Values.Distinct(StringComparer.Ordinal))
            {
                values[index] = Value.FromString(single);
                foreach (var key in Expand(values, index + 1))
                {
                    yield return key;
                }
            }

            values[index] = original;
        }

        private void Accumulate(Value[] key, Row row)
        {
            if (!_groups.TryGetValue(key, out var accumulators))
            {
                accumulators = command.Aggregations.Select(a => new Accumulator(a)).ToArray();
                _groups.Add(key, accumulators);
            }

            foreach (var accumulator in accumulators)
            {
                accumulator.Add(row);
            }
        }

        public void Complete()
        {
            if (command.GroupBy.Count == 0 && _groups.Count == 0)
            {
                _groups.Add([], command.Aggregations.Select(a => new Accumulator(a)).ToArray());
            }

            var ordered = _groups.OrderBy(g => g.Key, GroupKeyOrder.Instance);
            foreach (var (key, accumulators) in ordered)
            {
                var row = new Row(key.Length + accumulators.Length);
                for (var i = 0; i < key.Length; i++)
                {
                    row[command.GroupBy[i]] = key[i];
                }

                foreach (var accumulator in accumulators)
                {
                    var result = accumulator.Result();
                    if (!result.IsNull || !row.Has(accumulator.Aggregation.OutputName))
                    {
                        row[accumulator.Aggregation.OutputName] = result;
                    }
                }

                next.Push(row);
            }

            next.Complete();
        }
    }

    /// <summary>The running state of one aggregation in one group.</summary>
    private sealed class Accumulator(StatsAggregation aggregation)
    {
        private long _count;
        private double _sum;
        private Value _best;
        private EventTime? _bestTime;
        private HashSet<string>? _distinct;
        private SortedSet<string>? _sorted;
        private List<string>? _list;

        public StatsAggregation Aggregation { get; } = aggregation;

        public void Add(Row row)
        {
            if (Aggregation.Field is null)
            {
                _count++;
                return;
            }

            var value = row[Aggregation.Field];
            if (value.IsNull)
            {
                return;
            }

            switch (Aggregation.Function)
            {
                case StatsFunction.Count:
                    _count += value.Count;
                    break;
                case StatsFunction.DistinctCount:
                    _distinct ??= new HashSet<string>(StringComparer.Ordinal);
                    _distinct.UnionWith(value.Values);
                    break;
                case StatsFunction.Min:
                case StatsFunction.Max:
                    foreach (var single in Singles(value))
                    {
                        var order = _count == 0 ? 0 : SplunkOrder.Instance.Compare(single, _best);
                        if (_count == 0 || (Aggregation.Function == StatsFunction.Min ? order < 0 : order > 0))
                        {
                            _best = single;
                        }

                        _count++;
                    }

                    break;
                case StatsFunction.Sum:
                case StatsFunction.Avg:
                    foreach (var single in Singles(value))
                    {
                        if (single.TryGetNumber(out var number))
                        {
                            _sum += number;
                            _count++;
                        }
                    }

                    break;
                case StatsFunction.Values:
                    _sorted ??= new SortedSet<string>(StringComparer.Ordinal);
                    _sorted.UnionWith(value.Values);
                    break;
                case StatsFunction.List:
                    _list ??= [];
                    foreach (var single in value.Values)
                    {
                        if (_list.Count < ListLimit)
                        {
                            _list.Add(single);
                        }
                    }

                    break;
                case StatsFunction.Earliest:
                case StatsFunction.Latest:
                    if (!row["_time"].TryGetTime(out var time))
                    {
                        break;
                    }

                    if (_bestTime is null
                        || (Aggregation.Function == StatsFunction.Earliest ? time < _bestTime.Value : time > _bestTime.Value))
                    {
                        _bestTime = time;
                        _best = value;
                    }

                    break;
            }
        }

        private static IEnumerable<Value> Singles(Value value) =>
            value.Kind == ValueKind.Multi ? value.Values.Select(Value.FromString) : [value];

        public Value Result() => Aggregation.Function switch
        {
            StatsFunction.Count => Value.FromNumber(_count),
            StatsFunction.DistinctCount => Value.FromNumber(_distinct?.Count ?? 0),
            StatsFunction.Min or StatsFunction.Max => _count == 0 ? Value.Null : _best,
            StatsFunction.Sum => _count == 0 ? Value.Null : Value.FromNumber(_sum),
            StatsFunction.Avg => _count == 0 ? Value.Null : Value.FromNumber(_sum / _count),
            StatsFunction.Values => _sorted is null ? Value.Null : Value.FromMany(_sorted.ToArray()),
            StatsFunction.List => _list is null ? Value.Null : Value.FromMany(_list),
            _ => _bestTime is null ? Value.Null : _best,
        };
    }

    private sealed class GroupKeyComparer : IEqualityComparer<Value[]>
    {
        public static GroupKeyComparer Instance { get; } = new();

        public bool Equals(Value[]? x, Value[]? y) => x!.AsSpan().SequenceEqual(y);

        public int GetHashCode(Value[] obj)
        {
            var hash = default(HashCode);
            foreach (var value in obj)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class GroupKeyOrder : IComparer<Value[]>
    {
        public static GroupKeyOrder Instance { get; } = new();

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
