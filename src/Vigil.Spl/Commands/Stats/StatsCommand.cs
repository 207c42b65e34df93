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

    public override IReadOnlyCollection<string>? FieldsRead => StatsFieldsRead(Aggregations, GroupBy);

    public override bool ChoosesFields => true;

    public override bool SetsOrder => true;

    public override bool DependsOnOrder => Aggregations.Any(a => a.Function.DependsOnOrder);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) => StatsGrouping.Columns(Aggregations, GroupBy);

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) =>
        new StatsGrouping("stats", Aggregations, GroupBy, fillNull: null, context, downstream);

    /// <summary>What stats-like commands read: the by-fields, what the aggregations read, and _time (earliest, latest ...); null for wildcards.</summary>
    internal static IReadOnlyCollection<string>? StatsFieldsRead(IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy)
    {
        var fields = groupBy.Append("_time").ToHashSet(StringComparer.Ordinal);
        foreach (var aggregation in aggregations)
        {
            if (aggregation.FieldsRead is not { } read)
            {
                return null;
            }

            fields.UnionWith(read);
        }

        return fields;
    }

    internal sealed class Syntax : ICommandSyntax
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
/// More groups than the limit spl.stats-groups stop the search (<see cref="SplLimitException"/>).
/// </summary>
internal sealed class StatsGrouping : IRowSink
{
    private readonly IReadOnlyList<StatsAggregation> _aggregations;
    private readonly GroupKeys _keys;
    private readonly SearchContext _context;
    private readonly IRowSink _next;
    private readonly string _command;
    private readonly Dictionary<string[], Group> _groups = new(GroupKeys.KeyComparer.Instance);

    // A row's by-field values and key, read into the same arrays for every row.
    private readonly Value[] _values;
    private readonly string[] _key;

    /// <param name="command">The command grouping (stats, tstats, top ...), for the error past the group limit.</param>
    public StatsGrouping(string command, IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy, string? fillNull, SearchContext context, IRowSink next)
    {
        _command = command;
        _aggregations = aggregations;
        _keys = new GroupKeys(groupBy, fillNull is null ? null : Value.FromString(fillNull));
        _values = new Value[groupBy.Count];
        _key = new string[groupBy.Count];
        _context = context;
        _next = next;
    }

    /// <summary>The by-fields, then the aggregations; null when a wildcard aggregation names its outputs from the data.</summary>
    public static IReadOnlyList<string>? Columns(IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy) =>
        aggregations.Any(a => a.Wildcard is not null)
            ? null
            : [.. groupBy.Distinct(), .. aggregations.Select(a => a.OutputName).Where(n => !groupBy.Contains(n)).Distinct()];

    public void Push(Row row)
    {
        switch (_keys.Read(row, _values, _key))
        {
            case GroupKeys.Found.None:
                return;
            case GroupKeys.Found.One:
                // The arrays are this stage's own, reused: a new group takes copies.
                if (!_groups.TryGetValue(_key, out var group))
                {
                    group = AddGroup((string[])_key.Clone(), (Value[])_values.Clone());
                }

                group.Aggregators.Add(row, _context);
                return;
        }

        foreach (var (key, values) in GroupKeys.Expanded(_values))
        {
            if (!_groups.TryGetValue(key, out var group))
            {
                group = AddGroup(key, values);
            }

            group.Aggregators.Add(row, _context);
        }
    }

    private Group AddGroup(string[] key, Value[] values)
    {
        if (_groups.Count >= _context.Limits.StatsGroups)
        {
            throw _context.Limits.GroupsExceeded(_command);
        }

        var group = new Group(values, new AggregatorSet(_aggregations));
        _groups.Add(key, group);
        return group;
    }

    public void Complete()
    {
        if (_keys.GroupBy.Count == 0 && _groups.Count == 0)
        {
            _groups.Add([], new Group([], new AggregatorSet(_aggregations)));
        }

        foreach (var group in _groups.Values.OrderBy(g => g.Values, GroupKeys.GroupOrder.Instance))
        {
            var row = new Row(group.Values.Length + _aggregations.Count) { Evidence = group.Aggregators.Evidence };
            for (var i = 0; i < group.Values.Length; i++)
            {
                row[_keys.GroupBy[i]] = group.Values[i];
            }

            group.Aggregators.WriteTo(row, _keys.GroupBy);
            _next.Push(row);
        }

        _next.Complete();
    }

    private sealed record Group(Value[] Values, AggregatorSet Aggregators);
}
