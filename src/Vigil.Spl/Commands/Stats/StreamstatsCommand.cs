using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// <c>streamstats [current=bool] [window=N] [global=bool] [reset_on_change=bool] &lt;aggregations&gt; [by &lt;fields&gt;]</c>:
/// adds to each row, as it passes, the statistics of the rows of its group seen so far (with current=true, the
/// default, the row itself included). window=N (0, the default, for no limit) keeps only the last N rows: with
/// global=true (the default) N rows overall, of which those of the row's group count; with global=false N rows per
/// group. reset_on_change=true forgets everything when the by-fields change from one row to the next. A row missing a
/// by-field passes unchanged; a multivalue by-field counts in its first value's group. The result depends on the order
/// rows come in (newest first from events). time_window, reset_before, reset_after and allnum=true are refused.
/// </summary>
internal sealed class StreamstatsCommand(int position, IReadOnlyList<StatsAggregation> aggregations, IReadOnlyList<string> groupBy, StreamstatsOptions options) : SplCommand(position)
{
    public IReadOnlyList<StatsAggregation> Aggregations { get; } = aggregations;

    public IReadOnlyList<string> GroupBy { get; } = groupBy;

    public StreamstatsOptions Options { get; } = options;

    public override string Name => "streamstats";

    public override IReadOnlyCollection<string>? FieldsRead => StatsCommand.StatsFieldsRead(Aggregations, GroupBy);

    public override bool DependsOnOrder => true;

    public override bool IsStreaming => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || StatsGrouping.Columns(Aggregations, []) is not { } added ? null : [.. input, .. added.Where(c => !input.Contains(c))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, context, downstream);

    private sealed class Stage(StreamstatsCommand command, SearchContext context, IRowSink next) : StreamingStage(next)
    {
        private readonly GroupKeys _keys = new(command.GroupBy, null);
        private readonly Dictionary<string[], AggregatorSet> _running = new(GroupKeys.KeyComparer.Instance);
        private readonly Dictionary<string[], Queue<Row>> _windows = new(GroupKeys.KeyComparer.Instance);
        private readonly Queue<(Row Row, string[] Key)> _globalWindow = new();
        private string[]? _previousKey;

        public override void Push(Row row)
        {
            if (_keys.Of(row).Select(k => k.Key).FirstOrDefault() is not { } key)
            {
                Next.Push(row);
                return;
            }

            if (command.Options.ResetOnChange && _previousKey is not null && !GroupKeys.KeyComparer.Instance.Equals(key, _previousKey))
            {
                _running.Clear();
                _windows.Clear();
                _globalWindow.Clear();
            }

            _previousKey = key;
            // The row's values as they came: the statistics are written into the row itself.
            var pristine = row.Clone();
            var statistics = command.Options.Window == 0 ? Running(pristine, key) : Windowed(pristine, key);
            statistics.WriteTo(row, command.GroupBy);
            if (command.Options.Window == 0 && !command.Options.Current)
            {
                _running[key].Add(pristine, context);
            }

            Next.Push(row);
        }

        /// <summary>No window: one running set of aggregators per group (the row joins it after, with current=false).</summary>
        private AggregatorSet Running(Row row, string[] key)
        {
            if (!_running.TryGetValue(key, out var running))
            {
                if (_running.Count >= context.Limits.StatsGroups)
                {
                    throw context.Limits.GroupsExceeded("streamstats");
                }

                running = new AggregatorSet(command.Aggregations);
                _running.Add(key, running);
            }

            if (command.Options.Current)
            {
                running.Add(row, context);
            }

            return running;
        }

        /// <summary>A window: the statistics are computed afresh over the rows it holds.</summary>
        private AggregatorSet Windowed(Row row, string[] key)
        {
            var window = command.Options.Window;
            var earlier = command.Options.Current ? window - 1 : window;
            IEnumerable<Row> rows;
            if (command.Options.Global)
            {
                rows = _globalWindow.Skip(Math.Max(0, _globalWindow.Count - earlier))
                    .Where(e => GroupKeys.KeyComparer.Instance.Equals(e.Key, key)).Select(e => e.Row);
            }
            else
            {
                if (!_windows.TryGetValue(key, out var queue))
                {
                    if (_windows.Count >= context.Limits.StatsGroups)
                    {
                        throw context.Limits.GroupsExceeded("streamstats");
                    }

                    queue = new Queue<Row>();
                    _windows.Add(key, queue);
                }

                rows = queue.Skip(Math.Max(0, queue.Count - earlier));
            }

            var statistics = new AggregatorSet(command.Aggregations);
            foreach (var earlierRow in rows)
            {
                statistics.Add(earlierRow, context);
            }

            if (command.Options.Current)
            {
                statistics.Add(row, context);
            }

            Remember(row, key, window);
            return statistics;
        }

        private void Remember(Row row, string[] key, int window)
        {
            if (command.Options.Global)
            {
                _globalWindow.Enqueue((row, key));
                if (_globalWindow.Count > window)
                {
                    _globalWindow.Dequeue();
                }

                return;
            }

            var queue = _windows[key];
            queue.Enqueue(row);
            if (queue.Count > window)
            {
                queue.Dequeue();
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Refused = ["time_window", "reset_before", "reset_after"];

        public IReadOnlyList<string> Names => ["streamstats"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var options = new StreamstatsOptions();
            while (cursor.TryOption(["current", "window", "global", "reset_on_change", "allnum", .. Refused], out var option, out var value, out var optionPosition))
            {
                options = option switch
                {
                    "current" => options with { Current = Arguments.Boolean(value, option, optionPosition) },
                    "window" => options with { Window = Arguments.WholeNumber(value, option, optionPosition) },
                    "global" => options with { Global = Arguments.Boolean(value, option, optionPosition) },
                    "reset_on_change" => options with { ResetOnChange = Arguments.Boolean(value, option, optionPosition) },
                    "allnum" when !Arguments.Boolean(value, option, optionPosition) => options,
                    _ => throw new SplSyntaxException(optionPosition, option.Length, $"streamstats {option}{(option == "allnum" ? "=true" : string.Empty)} is not supported", SplDiagnosticId.UnsupportedOption, "streamstats " + option),
                };
            }

            var aggregations = AggregationParser.ParseList(cursor, "streamstats", word => word.Equals("by", StringComparison.OrdinalIgnoreCase));
            var groupBy = new List<string>();
            if (cursor.TryKeyword("by", ignoreCase: true))
            {
                groupBy.AddRange(Arguments.FieldList(cursor, "streamstats ... by", allowWildcards: false));
            }

            return aggregations.Count == 0
                ? throw site.Error("streamstats needs at least one function, such as count")
                : new StreamstatsCommand(site.Position, aggregations, groupBy, options);
        }
    }
}

/// <summary>streamstats' options, with Splunk's defaults.</summary>
internal sealed record StreamstatsOptions(bool Current = true, int Window = 0, bool Global = true, bool ResetOnChange = false);
