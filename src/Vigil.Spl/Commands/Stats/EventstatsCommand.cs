using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// <c>eventstats [allnum=false] &lt;aggregations&gt; [by &lt;fields&gt;]</c>: computes what stats would, then adds each
/// group's results to every row of that group, rows keeping their order. A row missing a by-field is in no group and
/// passes unchanged; a row whose multivalue by-field puts it in several groups gets the first group's results (by the
/// order of its values). A result replaces a field of the same name; a null result leaves the row's field alone.
/// allnum=true (statistics only over all-numeric fields) is refused.
/// </summary>
internal sealed class EventstatsCommand(int position, IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy) : SplCommand(position)
{
    public IReadOnlyList<StatsAggregation> Aggregations { get; } = aggregations;

    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    public override string Name => "eventstats";

    public override IReadOnlyCollection<string>? FieldsRead => StatsCommand.StatsFieldsRead(Aggregations, GroupBy);

    public override bool DependsOnOrder => Aggregations.Any(a => a.Function.DependsOnOrder);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || StatsGrouping.Columns(Aggregations, []) is not { } added ? null : [.. input, .. added.Where(c => !input.Contains(c))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, context, downstream);

    private sealed class Stage(EventstatsCommand command, SearchContext context, IRowSink next) : IRowSink
    {
        private readonly GroupKeys _keys = new(command.GroupBy, null);
        private readonly Dictionary<string[], AggregatorSet> _groups = new(GroupKeys.KeyComparer.Instance);
        private readonly List<(Row Row, string[]? Key)> _rows = [];

        public void Push(Row row)
        {
            string[]? first = null;
            foreach (var (key, _) in _keys.Of(row))
            {
                first ??= key;
                if (!_groups.TryGetValue(key, out var group))
                {
                    if (_groups.Count >= context.Limits.StatsGroups)
                    {
                        throw context.Limits.GroupsExceeded("eventstats");
                    }

                    group = new AggregatorSet(command.Aggregations);
                    _groups.Add(key, group);
                }

                group.Add(row, context);
            }

            _rows.Add((row, first));
        }

        public void Complete()
        {
            foreach (var (row, key) in _rows)
            {
                if (key is not null)
                {
                    _groups[key].WriteTo(row, command.GroupBy);
                }

                next.Push(row);
            }

            _rows.Clear();
            next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["eventstats"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            while (cursor.TryOption(["allnum"], out var option, out var value, out var optionPosition))
            {
                if (Arguments.Boolean(value, option, optionPosition))
                {
                    throw new SplSyntaxException(optionPosition, option.Length, "eventstats allnum=true is not supported", SplDiagnosticId.UnsupportedOption, "eventstats allnum");
                }
            }

            var aggregations = AggregationParser.ParseList(cursor, "eventstats", word => word.Equals("by", StringComparison.OrdinalIgnoreCase));
            var groupBy = new List<string>();
            if (cursor.TryKeyword("by", ignoreCase: true))
            {
                groupBy.AddRange(Arguments.FieldList(cursor, "eventstats ... by", allowWildcards: false));
            }

            return aggregations.Count == 0
                ? throw site.Error("eventstats needs at least one function, such as count")
                : new EventstatsCommand(site.Position, aggregations, groupBy);
        }
    }
}
