using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// <c>timechart span=T [limit=N] [useother=bool] [usenull=bool] [otherstr=s] [nullstr=s] [cont=bool] &lt;aggregations&gt;
/// [by &lt;field&gt;]</c>: one row per time bucket, oldest first, with _time the bucket's start (and _span its length in
/// seconds). Without a split field, a column per aggregation; with one (and then one aggregation), a column per value
/// of the field: the <c>limit</c> series (10 by default, 0 for all) with the greatest sum over the buckets, in name
/// order, then NULL for rows without the field (usenull=true) and OTHER for the rest (useother=true). With cont=true
/// (the default) the buckets between the first and the last come out even when empty: count and dc give 0 there, the
/// other functions nothing. Vigil has no search time range, so the buckets span the data, not the range searched.
/// span= is required (Splunk's automatic span follows the time range); bins=, minspan=, where and the other options
/// are refused.
/// </summary>
internal sealed class TimechartCommand(int position, IReadOnlyList<StatsAggregation> aggregations, string? splitBy, TimeSpanSpec span, TimechartOptions options) : SplCommand(position)
{
    public IReadOnlyList<StatsAggregation> Aggregations { get; } = aggregations;

    public string? SplitBy { get; } = splitBy;

    public TimeSpanSpec Span { get; } = span;

    public TimechartOptions Options { get; } = options;

    public override string Name => "timechart";

    public override IReadOnlyCollection<string>? FieldsRead =>
        StatsCommand.StatsFieldsRead(Aggregations, SplitBy is null ? [] : [SplitBy]);

    public override bool ChoosesFields => true;

    public override bool SetsOrder => true;

    public override bool DependsOnOrder => Aggregations.Any(a => a.Function.DependsOnOrder);

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        SplitBy is null && StatsGrouping.Columns(Aggregations, []) is { } names ? ["_time", .. names] : null;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, context, downstream);

    private sealed class Stage(TimechartCommand command, SearchContext context, IRowSink next) : IRowSink
    {
        private readonly List<(Timestamp Bucket, string? Series, Row Row)> _rows = [];

        public void Push(Row row)
        {
            if (!row["_time"].TryGetTime(out var time))
            {
                return;
            }

            var bucket = command.Span.Floor(time, context.Zone);
            if (command.SplitBy is null)
            {
                _rows.Add((bucket, null, row));
                return;
            }

            var split = row[command.SplitBy];
            if (split.IsNull)
            {
                if (command.Options.UseNull)
                {
                    _rows.Add((bucket, command.Options.NullString, row));
                }

                return;
            }

            foreach (var value in split.Values)
            {
                _rows.Add((bucket, value, row));
            }
        }

        public void Complete()
        {
            if (_rows.Count > 0)
            {
                Emit();
            }

            _rows.Clear();
            next.Complete();
        }

        private void Emit()
        {
            var cells = new Dictionary<(Timestamp, string?), AggregatorSet>();
            foreach (var (bucket, series, row) in _rows)
            {
                if (!cells.TryGetValue((bucket, series), out var cell))
                {
                    if (cells.Count >= context.Limits.StatsGroups)
                    {
                        throw context.Limits.GroupsExceeded("timechart");
                    }

                    cell = new AggregatorSet(command.Aggregations);
                    cells.Add((bucket, series), cell);
                }

                cell.Add(row, context);
            }

            var (kept, others) = command.SplitBy is null ? ([], []) : ChooseSeries(cells);
            var buckets = Buckets(_rows.Min(r => r.Bucket), _rows.Max(r => r.Bucket), cells.Keys.Select(k => k.Item1).ToHashSet());
            foreach (var bucket in buckets)
            {
                var row = new Row { Evidence = BucketEvidence(cells, bucket) };
                row["_time"] = Value.FromTime(bucket);
                row["_span"] = Value.FromNumber((Next(bucket).UnixTicks - bucket.UnixTicks) / (double)Timestamp.TicksPerSecond);
                if (command.SplitBy is null)
                {
                    (cells.GetValueOrDefault((bucket, null)) ?? new AggregatorSet(command.Aggregations)).WriteTo(row, []);
                }
                else
                {
                    WriteSeries(row, bucket, cells, kept, others);
                }

                next.Push(row);
            }
        }

        private void WriteSeries(Row row, Timestamp bucket, Dictionary<(Timestamp, string?), AggregatorSet> cells, List<string> kept, HashSet<string> others)
        {
            var output = command.Aggregations[0].OutputName;
            foreach (var series in kept)
            {
                row[series] = Result(cells.GetValueOrDefault((bucket, series)), output);
            }

            if (others.Count > 0 && command.Options.UseOther)
            {
                var other = new AggregatorSet(command.Aggregations);
                foreach (var (rowBucket, series, source) in _rows)
                {
                    if (rowBucket == bucket && series is not null && others.Contains(series))
                    {
                        other.Add(source, context);
                    }
                }

                row[command.Options.OtherString] = Result(other, output);
            }
        }

        /// <summary>The events behind a bucket's row: those of every series in it, OTHER and NULL included.</summary>
        private static Evidence? BucketEvidence(Dictionary<(Timestamp, string?), AggregatorSet> cells, Timestamp bucket)
        {
            var evidence = new Evidence.Accumulator();
            foreach (var ((cellBucket, _), cell) in cells)
            {
                if (cellBucket == bucket)
                {
                    evidence.Add(cell.Evidence);
                }
            }

            return evidence.ToEvidence();
        }

        private Value Result(AggregatorSet? cell, string output)
        {
            var scratch = new Row();
            (cell ?? new AggregatorSet(command.Aggregations)).WriteTo(scratch, []);
            return scratch[output];
        }

        /// <summary>The series shown (top by sum, then in name order, NULL last) and those folded into OTHER.</summary>
        private (List<string> Kept, HashSet<string> Others) ChooseSeries(Dictionary<(Timestamp, string?), AggregatorSet> cells)
        {
            var output = command.Aggregations[0].OutputName;
            var nullSeries = command.Options.NullString;
            var totals = cells.Where(c => c.Key.Item2 != nullSeries || !command.Options.UseNull)
                .GroupBy(c => c.Key.Item2!)
                .Select(g => (Series: g.Key, Total: g.Sum(c => Result(c.Value, output).TryGetNumber(out var n) ? n : 0)))
                .OrderByDescending(s => s.Total).ThenBy(s => s.Series, StringComparer.Ordinal)
                .ToList();
            var limit = command.Options.Limit == 0 ? totals.Count : command.Options.Limit;
            var kept = totals.Take(limit).Select(s => s.Series).Order(StringComparer.Ordinal).ToList();
            if (command.Options.UseNull && cells.Keys.Any(k => k.Item2 == nullSeries))
            {
                kept.Add(nullSeries);
            }

            return (kept, totals.Skip(limit).Select(s => s.Series).ToHashSet(StringComparer.Ordinal));
        }

        private IEnumerable<Timestamp> Buckets(Timestamp first, Timestamp last, HashSet<Timestamp> filled)
        {
            if (!command.Options.Continuous)
            {
                return filled.Order();
            }

            var buckets = new List<Timestamp>();
            for (var bucket = first; bucket <= last; bucket = Next(bucket))
            {
                buckets.Add(bucket);
            }

            return buckets;
        }

        /// <summary>The start of the bucket after the one starting at <paramref name="bucket"/>.</summary>
        private Timestamp Next(Timestamp bucket)
        {
            var span = command.Span;
            var approximate = span.Unit switch
            {
                TimeUnit.Second => TimeSpan.FromSeconds(span.Count),
                TimeUnit.Minute => TimeSpan.FromMinutes(span.Count),
                TimeUnit.Hour => TimeSpan.FromHours(span.Count),
                TimeUnit.Day => TimeSpan.FromDays(span.Count),
                TimeUnit.Week => TimeSpan.FromDays(7 * span.Count),
                TimeUnit.Month => TimeSpan.FromDays(31 * span.Count),
                _ => TimeSpan.FromDays(366 * span.Count),
            };

            // Calendar units vary in length (months, days across a clock change): step past the next start, then floor.
            var past = span.Unit is TimeUnit.Second or TimeUnit.Minute or TimeUnit.Hour ? approximate : approximate + TimeSpan.FromHours(12);
            return span.Floor(new Timestamp(bucket.UnixTicks + past.Ticks), context.Zone);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] OptionNames = ["span", "limit", "useother", "usenull", "otherstr", "nullstr", "cont"];

        public IReadOnlyList<string> Names => ["timechart"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var options = new TimechartOptions();
            TimeSpanSpec? span = null;
            ReadOptions(cursor, ref options, ref span);
            var aggregations = AggregationParser.ParseList(cursor, "timechart", word => word.Equals("by", StringComparison.OrdinalIgnoreCase));
            if (aggregations.Count == 0)
            {
                throw site.Error("timechart needs at least one function, such as count");
            }

            string? splitBy = null;
            if (cursor.TryKeyword("by", ignoreCase: true))
            {
                splitBy = cursor.ExpectFieldName("the field to split by");
                if (aggregations.Count > 1)
                {
                    throw new SplSyntaxException(site.Position, site.Name.Length, "timechart with a split-by field takes one function here", SplDiagnosticId.UnsupportedFeature, "timechart several functions by a field");
                }

                if (cursor.PeekKeyword("where", ignoreCase: true))
                {
                    throw new SplSyntaxException(cursor.Position, 5, "timechart ... by ... where is not supported", SplDiagnosticId.UnsupportedOption, "timechart where");
                }
            }

            ReadOptions(cursor, ref options, ref span);
            Arguments.ExpectEnd(cursor, "timechart");
            return span is { } known
                ? new TimechartCommand(site.Position, aggregations, splitBy, known, options)
                : throw new SplSyntaxException(site.Position, site.Name.Length, "timechart needs span= (Splunk's automatic span follows a search time range Vigil does not have)", SplDiagnosticId.UnsupportedFeature, "timechart without span");
        }

        private static void ReadOptions(TextCursor cursor, ref TimechartOptions options, ref TimeSpanSpec? span)
        {
            while (true)
            {
                cursor.SkipWhitespace();
                var (wordPosition, word) = cursor.PeekWordForError();
                var equals = word.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && !OptionNames.Contains(word[..equals]) && !word.Contains('(', StringComparison.Ordinal))
                {
                    throw new SplSyntaxException(wordPosition, equals, $"unsupported timechart option '{word[..equals]}'", SplDiagnosticId.UnsupportedOption, "timechart " + word[..equals]);
                }

                if (!cursor.TryOption(OptionNames, out var option, out var value, out var position))
                {
                    return;
                }

                switch (option)
                {
                    case "span":
                        span = TimeSpanSpec.TryParse(value, out var parsed)
                            ? parsed
                            : throw new SplSyntaxException(position, option.Length, $"span must be a time span such as 5m or 1h, not '{value}'");
                        break;
                    case "limit":
                        options = options with { Limit = Arguments.WholeNumber(value, option, position) };
                        break;
                    case "useother":
                        options = options with { UseOther = Arguments.Boolean(value, option, position) };
                        break;
                    case "usenull":
                        options = options with { UseNull = Arguments.Boolean(value, option, position) };
                        break;
                    case "otherstr":
                        options = options with { OtherString = value };
                        break;
                    case "nullstr":
                        options = options with { NullString = value };
                        break;
                    default:
                        options = options with { Continuous = Arguments.Boolean(value, option, position) };
                        break;
                }
            }
        }
    }
}

/// <summary>timechart's options, with Splunk's defaults.</summary>
internal sealed record TimechartOptions(int Limit = 10, bool UseOther = true, bool UseNull = true, string OtherString = "OTHER", string NullString = "NULL", bool Continuous = true);
