using Vigil.Spl.Commands.Stats;
using Vigil.Spl.DataModels;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>| tstats fn(field)... FROM datamodel=Model.Dataset [WHERE search] [BY fields [span=T]]</c>: statistics over
/// a data model's dataset. Vigil has no acceleration summaries, so it always computes from the events, as Splunk
/// does with <c>summariesonly=false</c>: each event that meets the dataset's constraints becomes a dataset row
/// (fields named <c>Dataset.field</c>), the WHERE search filters those rows, and they are grouped as stats groups
/// them. With <c>fillnull_value</c> a missing by-field takes that value instead of dropping the row.
/// </summary>
internal sealed class TstatsGenerator : SplGenerator
{
    private readonly CompiledDataset _dataset;
    private readonly SearchExpression _where;
    private readonly IReadOnlyList<StatsAggregation> _aggregations;
    private readonly IReadOnlyList<string> _groupBy;
    private readonly string? _fillNull;
    private readonly TimeSpanSpec? _span;

    private TstatsGenerator(int position, CompiledDataset dataset, SearchExpression where, IReadOnlyList<StatsAggregation> aggregations,
        IReadOnlyList<string> groupBy, string? fillNull, TimeSpanSpec? span)
        : base(position)
    {
        _dataset = dataset;
        _where = where;
        _aggregations = aggregations;
        _groupBy = groupBy;
        _fillNull = fillNull;
        _span = span;
        ReadsOnlyRiskIndex = _dataset.RequiresRiskIndex || IndexExpression.IsRequiredBy(_where);
        SetsTimeRange = TimeWindowExpression.Any(_where);
        _whereReadsIndex = IndexExpression.Find(_where).Any();
        Subsearches = [.. SubsearchConditions.Find(_where).Select(c => c.Subsearch.Pipeline)];
        var summarised = StatsCommand.StatsFieldsRead(_aggregations, _groupBy);
        _grouped = summarised is null ? null : [.. summarised.Select(name => new FieldKey(name))];
        _datasetFieldsRead = summarised is not null && SubsearchConditions.FieldsRead(_where) is { } filtered
            ? summarised.Concat(filtered).ToHashSet(StringComparer.Ordinal)
            : null;
        EventFieldsRead = _datasetFieldsRead is { } fields ? _dataset.EventFieldsFor(fields) : _dataset.EventFieldsRead;
    }

    // The dataset fields (named as tstats names them) it summarises, groups by or filters on; null when that cannot be told.
    private readonly HashSet<string>? _datasetFieldsRead;

    // What the grouping reads of a row (null: any field), so that a row binned by _time is a copy of only that.
    private readonly FieldKey[]? _grouped;

    // Dataset rows carry no index (Splunk's tstats reads it from the index itself): WHERE index=risk asks the event's.
    private readonly bool _whereReadsIndex;

    public override string Name => "tstats";

    internal IReadOnlyList<string> GroupBy => _groupBy;

    public override IReadOnlyList<string>? Columns => StatsGrouping.Columns(_aggregations, _groupBy);

    public override bool SetsOrder => true;

    public override bool ReadsOnlyRiskIndex { get; }

    public override bool SetsTimeRange { get; }

    public override IReadOnlyList<SplPipeline> Subsearches { get; }

    /// <summary>The data model and dataset searched, as <c>Model.Dataset</c>.</summary>
    public string Source => $"{_dataset.Model.Name}.{_dataset.Dataset.Name}";

    internal override SharedEventTest? SharedTest => new DatasetMembership(_dataset);

    // WHERE tests the dataset rows (with the event's index when it reads it, which a requirement never names).
    internal override RowRequirement? SharedRowRequirement => RowRequirement.Of(_where);

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => _dataset.RawRequirement;

    // What the projection needs for the dataset fields it reads (every one when that cannot be told); index, which
    // WHERE may read of the event, among them.
    internal override IReadOnlySet<string>? EventFieldsRead { get; }

    public override GeneratorRun Start(SearchContext context, IRowSink downstream) =>
        new Run(this, context, new StatsGrouping("tstats", _aggregations, _groupBy, _fillNull, context, downstream));

    private sealed class Run(TstatsGenerator generator, SearchContext context, StatsGrouping grouping) : GeneratorRun
    {
        // Subsearches in WHERE read no events (checked when parsed), so they have run by now.
        private readonly SearchExpression _where = Resolve(TimeWindowExpression.Bind(generator._where, context), context);

        private readonly bool _binTime = generator._span is not null && generator._groupBy.Contains("_time");

        private readonly CompiledDataset.Projector _projector = context.ProjectorFor(generator._dataset).Wanting(generator._datasetFieldsRead);

        public override void Push(Row eventRow)
        {
            var taken = false;
            var rows = _projector.Project(eventRow);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (!_where.Matches(generator._whereReadsIndex ? WithIndexOf(row, eventRow) : row))
                {
                    continue;
                }

                taken = true;
                if (_binTime && row["_time"].TryGetTime(out var time))
                {
                    // The projected row is shared with the other searches over the dataset: bin a copy.
                    var binned = generator._grouped is { } grouped ? row.CopyOf(grouped) : row.Clone();
                    binned["_time"] = Value.FromTime(generator._span!.Value.Floor(time, context.Zone));
                    grouping.Push(binned);
                    continue;
                }

                grouping.Push(row);
            }

            if (taken)
            {
                Matched++;
            }
        }

        public override void Complete() => grouping.Complete();

        private static Row WithIndexOf(Row datasetRow, Row eventRow)
        {
            var row = datasetRow.Clone();
            if (!eventRow["index"].IsNull)
            {
                row["index"] = eventRow["index"];
            }

            return row;
        }

        private static SearchExpression Resolve(SearchExpression where, SearchContext context) =>
            SubsearchConditions.Find(where).Any() ? new SubsearchFilter(where, context).ResolvedAtStart : where;
    }

    internal sealed class Syntax : IGeneratorSyntax
    {
        private static readonly string[] IgnoredOptions = ["summariesonly", "allow_old_summaries", "local", "chunk_size", "include_reduced_buckets"];
        private static readonly string[] RefusedOptions = ["prestats", "append"];

        public IReadOnlyList<string> Names => ["tstats"];

        public SplGenerator Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? fillNull = null;
            // Options may also stand between the functions (ESCU writes `tstats count `security_content_summariesonly`
            // values(...)`, and Splunk runs it).
            var aggregations = new List<StatsAggregation>();
            while (true)
            {
                ParseOptions(cursor, ref fillNull);
                var more = AggregationParser.ParseList(cursor, "tstats", word => IsClauseWord(word) || IsOption(word), allowEval: false);
                if (more.Count == 0)
                {
                    break;
                }

                aggregations.AddRange(more);
            }

            if (aggregations.Count == 0)
            {
                throw site.Error("tstats needs at least one function, such as count");
            }

            if (!cursor.TryKeyword("from", ignoreCase: true))
            {
                throw cursor.AtEnd || cursor.PeekKeyword("where", ignoreCase: true) || cursor.PeekKeyword("by", ignoreCase: true)
                    ? new SplSyntaxException(site.Position, site.Name.Length, "tstats without FROM datamodel=... reads index-time fields of Splunk indexes, which Vigil does not have; name a data model", SplDiagnosticId.UnsupportedFeature, "tstats without datamodel")
                    : cursor.Error("expected FROM, WHERE or BY after the tstats functions");
            }

            var (modelName, datasetName, fromPosition, fromLength) = ParseFrom(cursor);
            var where = (SearchExpression)MatchAllExpression.Instance;
            string? nodeName = null;
            if (cursor.TryKeyword("where", ignoreCase: true))
            {
                var end = FindClause(cursor, "by");
                var whereCursor = new TextCursor(cursor.Text, cursor.Position, end);
                (where, nodeName) = TakeNodeName(new SearchParser(whereCursor, site.Scope, timeModifiers: true).ParseAll(), cursor.Position);
                if (SubsearchConditions.Find(where).Any(c => c.Subsearch.Pipeline.ReadsEvents))
                {
                    throw new SplSyntaxException(cursor.Position, end - cursor.Position, "a subsearch over events in the tstats WHERE clause is not supported (one over a lookup is)", SplDiagnosticId.UnsupportedFeature, "tstats WHERE subsearch over events");
                }

                cursor.Position = end;
            }

            var groupBy = new List<string>();
            TimeSpanSpec? span = null;
            if (cursor.TryKeyword("by", ignoreCase: true))
            {
                while (!cursor.AtEnd)
                {
                    if (cursor.TryConsume(','))
                    {
                        continue;
                    }

                    if (cursor.TryOption(["span"], out var option, out var spanText, out var spanPosition))
                    {
                        span = TimeSpanSpec.TryParse(spanText, out var parsed)
                            ? parsed
                            : throw new SplSyntaxException(spanPosition, option.Length, $"span must be a time span such as 1h or 30m, not '{spanText}'");
                        continue;
                    }

                    var (wordPosition, word) = cursor.PeekWordForError();
                    if (word.Contains('=', StringComparison.Ordinal))
                    {
                        throw new SplSyntaxException(wordPosition, word.IndexOf('=', StringComparison.Ordinal), $"unsupported tstats option '{word.Split('=')[0]}'", SplDiagnosticId.UnsupportedOption, "tstats " + word.Split('=')[0]);
                    }

                    groupBy.Add(cursor.ExpectFieldName("a field name"));
                }
            }
            else if (!cursor.AtEnd)
            {
                throw cursor.Error("expected WHERE or BY");
            }

            var model = DatasetResolver.Model(site.Scope, modelName, fromPosition, fromLength);
            datasetName ??= model.Roots.FirstOrDefault()?.Name
                ?? throw new SplSyntaxException(fromPosition, fromLength, $"data model '{modelName}' has no datasets");
            if (nodeName is not null)
            {
                var node = nodeName.Split('.');
                if (node.Length < 2 && !string.Equals(node[0], datasetName, StringComparison.Ordinal) && model.Find(node[^1]) is null)
                {
                    throw new SplSyntaxException(fromPosition, fromLength, $"nodename '{nodeName}' is not a dataset of {modelName}");
                }

                datasetName = node[^1];
            }

            var dataset = DatasetResolver.Dataset(site.Scope, model, datasetName, fromPosition, fromLength);
            return new TstatsGenerator(site.Position, dataset, where, aggregations, groupBy, fillNull, span);
        }

        private static bool IsOption(string word) =>
            IgnoredOptions.Contains(word) || RefusedOptions.Contains(word) || word == "fillnull_value";

        private static void ParseOptions(TextCursor cursor, ref string? fillNull)
        {
            while (cursor.TryOption([.. IgnoredOptions, .. RefusedOptions, "fillnull_value"], out var option, out var value, out var optionPosition))
            {
                if (RefusedOptions.Contains(option) && Arguments.Boolean(value, option, optionPosition))
                {
                    throw new SplSyntaxException(optionPosition, option.Length, $"tstats {option}=true is not supported", SplDiagnosticId.UnsupportedOption, $"tstats {option}");
                }

                if (option == "fillnull_value")
                {
                    fillNull = value;
                }
                else if (option == "summariesonly")
                {
                    // Vigil has no acceleration summaries: it always reads the events, as summariesonly=false does.
                    Arguments.Boolean(value, option, optionPosition);
                }
            }
        }

        private static bool IsClauseWord(string word) =>
            word.Equals("from", StringComparison.OrdinalIgnoreCase) || word.Equals("where", StringComparison.OrdinalIgnoreCase)
            || word.Equals("by", StringComparison.OrdinalIgnoreCase);

        /// <summary><c>datamodel=Model.Dataset</c>, quoted or not; also <c>datamodel:Model</c>.</summary>
        private static (string Model, string? Dataset, int Position, int Length) ParseFrom(TextCursor cursor)
        {
            cursor.SkipWhitespace();
            var position = cursor.Position;
            var keyword = cursor.TryName();
            if (!string.Equals(keyword, "datamodel", StringComparison.OrdinalIgnoreCase) || !(cursor.TryConsume('=') || cursor.TryConsume(':')))
            {
                cursor.Position = position;
                throw cursor.Error("expected datamodel=<model>.<dataset> after FROM (Vigil runs tstats over data models only)");
            }

            cursor.SkipWhitespace();
            var name = cursor.Peek() == '"' ? cursor.ReadQuoted() : cursor.TrySearchWord("()\"") ?? throw cursor.Error("expected a data model name");
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            return dot < 0
                ? (name, null, position, cursor.Position - position)
                : (name[..dot], name[(dot + 1)..].Split('.')[^1], position, cursor.Position - position);
        }

        /// <summary>Where a clause keyword (such as BY) starts at the top level after the cursor, or the end.</summary>
        private static int FindClause(TextCursor cursor, string keyword)
        {
            var text = cursor.Text;
            var depth = 0;
            var quoted = false;
            for (var i = cursor.Position; i < cursor.End; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < cursor.End)
                {
                    i++;
                    continue;
                }

                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c is '(' or '[')
                {
                    depth++;
                }
                else if (!quoted && c is ')' or ']')
                {
                    depth--;
                }
                else if (!quoted && depth == 0 && i + keyword.Length <= cursor.End
                    && (i == 0 || char.IsWhiteSpace(text[i - 1]))
                    && string.Compare(text, i, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && (i + keyword.Length == cursor.End || char.IsWhiteSpace(text[i + keyword.Length])))
                {
                    return i;
                }
            }

            return cursor.End;
        }

        /// <summary>Takes a top-level <c>nodename=X</c> out of the WHERE search: it selects a dataset, it is no field.</summary>
        private static (SearchExpression Where, string? NodeName) TakeNodeName(SearchExpression where, int position)
        {
            var operands = where is AndExpression and ? and.Operands : [where];
            string? nodeName = null;
            var rest = new List<SearchExpression>();
            foreach (var operand in operands)
            {
                if (operand is FieldComparison { Field: "nodename", Operator: SearchOperator.Equal } node)
                {
                    nodeName = node.Value;
                }
                else
                {
                    rest.Add(operand);
                }
            }

            if (nodeName is null && ContainsNodeName(where))
            {
                throw new SplSyntaxException(position, 8, "nodename= must stand alone in the tstats WHERE clause (not under OR or NOT)");
            }

            return (rest.Count switch
            {
                0 => MatchAllExpression.Instance,
                1 => rest[0],
                _ => new AndExpression(rest),
            }, nodeName);
        }

        private static bool ContainsNodeName(SearchExpression expression) => expression switch
        {
            FieldComparison comparison => comparison.Field == "nodename",
            AndExpression and => and.Operands.Any(ContainsNodeName),
            OrExpression or => or.Operands.Any(ContainsNodeName),
            NotExpression not => ContainsNodeName(not.Operand),
            _ => false,
        };
    }
}
