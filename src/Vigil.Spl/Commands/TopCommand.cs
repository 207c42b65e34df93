using System.Globalization;
using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Commands.Stats;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>top [N] [limit=N] [countfield=count] [percentfield=percent] [showcount=bool] [showperc=bool] [useother=bool]
/// [otherstr=OTHER] fields [BY fields]</c>, and <c>rare</c> with the same arguments: the most (least) common
/// combinations of the fields' values, N of them (10 by default, all for 0), per group of the BY fields. Rows missing
/// a field are not counted; each value of a multivalue field counts. Each result has its count and its percentage of
/// the group's counted rows (six decimals, as Splunk shows it); ties keep the order stats gives the values. With
/// useother=true one more row, the fields set to otherstr, counts the rest.
/// </summary>
internal sealed class TopCommand : SplCommand
{
    private readonly bool _rare;
    private readonly IReadOnlyList<string> _fields;
    private readonly IReadOnlyList<string> _by;
    private readonly TopOptions _options;

    private TopCommand(int position, bool rare, IReadOnlyList<string> fields, IReadOnlyList<string> by, TopOptions options)
        : base(position)
    {
        _rare = rare;
        _fields = fields;
        _by = by;
        _options = options;
    }

    public override string Name => _rare ? "rare" : "top";

    public override bool SetsOrder => true;

    public override bool ChoosesFields => true;

    public override IReadOnlyCollection<string>? FieldsRead => _by.Concat(_fields).ToHashSet(StringComparer.Ordinal);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        var columns = _by.Concat(_fields).Distinct().ToList();
        if (_options.ShowCount)
        {
            columns.Add(_options.CountField);
        }

        if (_options.ShowPercent)
        {
            columns.Add(_options.PercentField);
        }

        return columns;
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream)
    {
        var counting = new StatsAggregation(StatsFunction.Find("count")!, null, null, _options.CountField);
        return new StatsGrouping(Name, [counting], [.. _by, .. _fields], null, context, new Ranking(this, downstream));
    }

    /// <summary>The options top and rare share, with Splunk's defaults.</summary>
    private sealed record TopOptions(int Limit, string CountField, string PercentField, bool ShowCount, bool ShowPercent, bool UseOther, string OtherText);

    /// <summary>Receives stats' counts, ordered by the BY values first, and ranks them within each BY group.</summary>
    private sealed class Ranking(TopCommand command, IRowSink next) : IRowSink
    {
        private readonly List<Row> _group = [];

        public void Push(Row row)
        {
            if (_group.Count > 0 && !SameGroup(_group[0], row))
            {
                Flush();
            }

            _group.Add(row);
        }

        public void Complete()
        {
            Flush();
            next.Complete();
        }

        private bool SameGroup(Row a, Row b) => command._by.All(f => a[f] == b[f]);

        private void Flush()
        {
            if (_group.Count == 0)
            {
                return;
            }

            var options = command._options;
            var total = _group.Sum(Count);
            var ranked = command._rare ? _group.OrderBy(Count).ToList() : _group.OrderByDescending(Count).ToList();
            var shown = options.Limit == 0 ? ranked : ranked.Take(options.Limit).ToList();
            foreach (var row in shown)
            {
                Emit(row, Count(row), total);
            }

            var rest = total - shown.Sum(Count);
            if (options.UseOther && rest > 0)
            {
                var evidence = new Evidence.Accumulator();
                foreach (var folded in ranked.Skip(shown.Count))
                {
                    evidence.Add(folded.Evidence);
                }

                var other = new Row { Evidence = evidence.ToEvidence() };
                foreach (var field in command._by)
                {
                    other[field] = _group[0][field];
                }

                foreach (var field in command._fields)
                {
                    other[field] = Value.FromString(options.OtherText);
                }

                Emit(other, rest, total);
            }

            _group.Clear();
        }

        private void Emit(Row row, double count, double total)
        {
            var options = command._options;
            row[options.CountField] = options.ShowCount ? Value.FromNumber(count) : Value.Null;
            if (options.ShowPercent)
            {
                row[options.PercentField] = Value.FromString((count * 100 / total).ToString("F6", CultureInfo.InvariantCulture));
            }

            next.Push(row);
        }

        private double Count(Row row) => row[command._options.CountField].TryGetNumber(out var count) ? count : 0;
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["limit", "countfield", "percentfield", "showcount", "showperc", "useother", "otherstr"];

        public IReadOnlyList<string> Names => ["top", "rare"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var command = site.Name.ToLowerInvariant();
            var limit = cursor.TryInteger() ?? 10;
            var countField = "count";
            var percentField = "percent";
            var showCount = true;
            var showPercent = true;
            var useOther = false;
            var otherText = "OTHER";
            var fields = new List<string>();
            var by = new List<string>();
            var list = fields;
            while (!cursor.AtEnd)
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                if (CommandOptions.TryRead(cursor, command, Options, out var option, out var value, out var optionPosition))
                {
                    switch (option)
                    {
                        case "limit":
                            limit = Arguments.WholeNumber(value, option, optionPosition);
                            break;
                        case "countfield":
                            countField = value;
                            break;
                        case "percentfield":
                            percentField = value;
                            break;
                        case "showcount":
                            showCount = Arguments.Boolean(value, option, optionPosition);
                            break;
                        case "showperc":
                            showPercent = Arguments.Boolean(value, option, optionPosition);
                            break;
                        case "useother":
                            useOther = Arguments.Boolean(value, option, optionPosition);
                            break;
                        default:
                            otherText = value;
                            break;
                    }

                    continue;
                }

                if (list == fields && fields.Count > 0 && cursor.TryKeyword("by", ignoreCase: true))
                {
                    list = by;
                    continue;
                }

                var (position, _) = cursor.PeekWordForError();
                var field = cursor.ExpectFieldName("a field name");
                if (field.Contains('*', StringComparison.Ordinal))
                {
                    throw new SplSyntaxException(position, field.Length, $"wildcards are not allowed in {command} field names");
                }

                list.Add(field);
            }

            if (fields.Count == 0)
            {
                throw site.Error($"{command} needs at least one field");
            }

            if (list == by && by.Count == 0)
            {
                throw cursor.Error("expected a field after BY");
            }

            return new TopCommand(site.Position, command == "rare", fields, by, new TopOptions(limit, countField, percentField, showCount, showPercent, useOther, otherText));
        }
    }
}
