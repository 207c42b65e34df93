using System.Globalization;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>transaction [fields] [maxspan=T] [maxpause=T] [maxevents=N] [startswith=X] [endswith=X] [connected=bool]
/// [keepevicted=bool] [mvlist=bool]</c>: groups events into transactions, reading them newest first as Splunk does.
/// An event joins the most recently used open transaction whose values for the listed fields agree with its own
/// (with connected=true, the default, it must share at least one of them; events with none of the fields are left
/// out). A transaction closes when adding the event would make it span more than maxspan, leave a gap over maxpause or
/// hold more than maxevents (1000 by default); an event matching endswith opens a new one (closing the open one); one
/// matching startswith closes it. With startswith a transaction must have met its start, with endswith it must have
/// begun with its end: others are evicted, and dropped unless keepevicted=true (which adds closed_txn). At most 5000
/// transactions and 100,000 events stay open (Splunk's maxopentxn, maxopenevents; the limits spl.transactions-open and
/// spl.transaction-events-open): past that the least recently used transaction is evicted, and the result warns. startswith and endswith take a search in parentheses or quotes, or eval(test).
/// Each transaction comes out as one row: _time its earliest event's, duration (seconds from the earliest to the
/// latest), eventcount, every field with its distinct values sorted (mvlist=true: every value, in the order the events
/// came), and _raw the events' raw texts, oldest first. Transactions come out newest first.
/// </summary>
internal sealed class TransactionCommand(int position, IReadOnlyList<string> fields, TransactionOptions options) : SplCommand(position)
{
    public IReadOnlyList<string> Fields { get; } = fields;

    public TransactionOptions Options { get; } = options;

    public override string Name => "transaction";

    public override bool DependsOnOrder => true;

    public override bool SetsOrder => true;

    /// <summary>
    /// Its fields, the fields of startswith and endswith, and _time. Every other field of a transaction is its events'
    /// values of it (and _raw their raw texts), so what later commands read of those is theirs to name.
    /// </summary>
    public override IReadOnlyCollection<string>? FieldsRead
    {
        get
        {
            var read = new HashSet<string>(Fields, StringComparer.Ordinal) { "_time" };
            foreach (var filter in (TransactionFilter?[])[Options.StartsWith, Options.EndsWith])
            {
                read.UnionWith(filter?.Search?.FieldsRead() ?? []);
                read.UnionWith(filter?.Test?.FieldsRead() ?? []);
            }

            return read;
        }
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, context, downstream);

    private sealed class Transaction
    {
        public List<Row> Events { get; } = [];

        /// <summary>The listed fields' values so far, as text.</summary>
        public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

        public Timestamp Newest { get; set; }

        public Timestamp Oldest { get; set; }

        public bool HasEnd { get; init; }

        public bool HasStart { get; set; }

        public LinkedListNode<Transaction>? Node { get; set; }
    }

    private sealed class Stage(TransactionCommand command, SearchContext context, IRowSink next) : IRowSink
    {
        private readonly LinkedList<Transaction> _open = new();
        private readonly List<Row> _output = [];
        private int _openEvents;

        public void Push(Row row)
        {
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in command.Fields)
            {
                var value = row[field];
                if (!value.IsNull)
                {
                    keys[field] = value.ToString();
                }
            }

            if (command.Fields.Count > 0 && keys.Count == 0)
            {
                return;
            }

            var time = row["_time"].TryGetTime(out var t) ? t : default;
            var options = command.Options;
            var transaction = FindOpen(keys);
            if (transaction is not null && Exceeds(transaction, time))
            {
                Close(transaction, closedByCondition: true);
                transaction = null;
            }

            var isEnd = options.EndsWith?.Matches(row, context) == true;
            if (isEnd && transaction is not null)
            {
                // An end seen while a transaction is open: that one never met its start.
                Close(transaction, closedByCondition: false);
                transaction = null;
            }

            transaction ??= Open(isEnd || options.EndsWith is null);
            Add(transaction, row, keys, time);
            if (options.StartsWith?.Matches(row, context) == true)
            {
                transaction.HasStart = true;
                Close(transaction, closedByCondition: true);
            }

            EvictIfFull();
        }

        public void Complete()
        {
            while (_open.First is { } node)
            {
                Close(node.Value, closedByCondition: false);
            }

            var time = (Row r) => r["_time"].TryGetTime(out var t) ? t.UnixTicks : long.MinValue;
            foreach (var row in _output.OrderByDescending(time))
            {
                next.Push(row);
            }

            _output.Clear();
            next.Complete();
        }

        /// <summary>The most recently used open transaction the event can join.</summary>
        private Transaction? FindOpen(Dictionary<string, string> keys)
        {
            foreach (var transaction in _open)
            {
                var shared = 0;
                var agrees = true;
                foreach (var (field, value) in keys)
                {
                    if (transaction.Keys.TryGetValue(field, out var held))
                    {
                        shared++;
                        agrees &= string.Equals(held, value, StringComparison.Ordinal);
                    }
                }

                if (agrees && (shared > 0 || !command.Options.Connected || command.Fields.Count == 0))
                {
                    return transaction;
                }
            }

            return null;
        }

        private bool Exceeds(Transaction transaction, Timestamp time)
        {
            var options = command.Options;
            var newest = time > transaction.Newest ? time : transaction.Newest;
            var oldest = time < transaction.Oldest ? time : transaction.Oldest;
            var gap = time < transaction.Oldest ? transaction.Oldest.UnixTicks - time.UnixTicks
                : time > transaction.Newest ? time.UnixTicks - transaction.Newest.UnixTicks : 0;
            return (options.MaxSpan is { } span && newest.UnixTicks - oldest.UnixTicks > span.Ticks)
                || (options.MaxPause is { } pause && gap > pause.Ticks)
                || (options.MaxEvents > 0 && transaction.Events.Count >= options.MaxEvents);
        }

        private Transaction Open(bool hasEnd)
        {
            var transaction = new Transaction { HasEnd = hasEnd };
            transaction.Node = _open.AddFirst(transaction);
            return transaction;
        }

        private void Add(Transaction transaction, Row row, Dictionary<string, string> keys, Timestamp time)
        {
            if (transaction.Events.Count == 0)
            {
                transaction.Newest = time;
                transaction.Oldest = time;
            }

            transaction.Events.Add(row);
            transaction.Newest = time > transaction.Newest ? time : transaction.Newest;
            transaction.Oldest = time < transaction.Oldest ? time : transaction.Oldest;
            foreach (var (field, value) in keys)
            {
                transaction.Keys.TryAdd(field, value);
            }

            _openEvents++;
            _open.Remove(transaction.Node!);
            _open.AddFirst(transaction.Node!);
        }

        private void EvictIfFull()
        {
            var limits = context.Limits;
            while ((_open.Count > limits.TransactionsOpen || _openEvents > limits.TransactionEventsOpen) && _open.Last is { } oldest)
            {
                var limit = _open.Count > limits.TransactionsOpen ? SplLimits.TransactionsOpenName : SplLimits.TransactionEventsOpenName;
                context.Warn(limit, limit == SplLimits.TransactionsOpenName
                    ? string.Create(CultureInfo.InvariantCulture, $"transaction: more than {limits.TransactionsOpen} transactions open; the least recently used were evicted{(command.Options.KeepEvicted ? string.Empty : " and dropped")} ({SplLimits.Hint(limit)})")
                    : string.Create(CultureInfo.InvariantCulture, $"transaction: more than {limits.TransactionEventsOpen} events in open transactions; the least recently used were evicted{(command.Options.KeepEvicted ? string.Empty : " and dropped")} ({SplLimits.Hint(limit)})"));
                Remove(oldest.Value);
                if (command.Options.KeepEvicted)
                {
                    _output.Add(Render(oldest.Value, closed: false));
                }
            }
        }

        private void Close(Transaction transaction, bool closedByCondition)
        {
            Remove(transaction);
            var options = command.Options;
            var complete = (options.StartsWith is null || transaction.HasStart) && (options.EndsWith is null || transaction.HasEnd);
            if (complete || options.KeepEvicted)
            {
                _output.Add(Render(transaction, closedByCondition && complete));
            }
        }

        private void Remove(Transaction transaction)
        {
            _open.Remove(transaction.Node!);
            _openEvents -= transaction.Events.Count;
        }

        private Row Render(Transaction transaction, bool closed)
        {
            // Events came newest first; the transaction reads oldest first.
            var events = Enumerable.Reverse(transaction.Events).ToList();
            var values = new OrderedDictionary<string, List<string>>(StringComparer.Ordinal);
            var raw = new List<string>();
            foreach (var row in events)
            {
                foreach (var (name, value) in row.Fields)
                {
                    if (name == "_raw")
                    {
                        raw.Add(value.ToString());
                        continue;
                    }

                    if (name == "_time")
                    {
                        continue;
                    }

                    if (!values.TryGetValue(name, out var list))
                    {
                        list = [];
                        values.Add(name, list);
                    }

                    list.AddRange(value.Values);
                }
            }

            var evidence = new Evidence.Accumulator();
            foreach (var member in transaction.Events)
            {
                evidence.Add(member.Evidence);
            }

            var result = new Row { Evidence = evidence.ToEvidence() };
            result["_time"] = Value.FromTime(transaction.Oldest);
            foreach (var (name, list) in values)
            {
                result[name] = Value.FromMany(command.Options.MvList
                    ? transaction.Events.SelectMany(e => e[name].Values).ToList()
                    : list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
            }

            if (raw.Count > 0)
            {
                result["_raw"] = Value.FromString(string.Join('\n', raw));
            }

            result["duration"] = Value.FromNumber((transaction.Newest.UnixTicks - transaction.Oldest.UnixTicks) / (double)Timestamp.TicksPerSecond);
            result["eventcount"] = Value.FromNumber(transaction.Events.Count);
            if (command.Options.KeepEvicted)
            {
                result["closed_txn"] = Value.FromNumber(closed ? 1 : 0);
            }

            return result;
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["transaction"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var fields = new List<string>();
            var options = new TransactionOptions();
            while (!cursor.AtEnd)
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                cursor.SkipWhitespace();
                var position = cursor.Position;
                var word = cursor.TryName();
                if (word is null || cursor.Peek() != '=')
                {
                    cursor.Position = position;
                    fields.Add(cursor.ExpectFieldName("a field name or option"));
                    continue;
                }

                cursor.Position++;
                options = ReadOption(cursor, site.Scope, word, position, options);
            }

            return new TransactionCommand(site.Position, fields.Distinct().ToList(), options);
        }

        private static TransactionOptions ReadOption(TextCursor cursor, SearchScope scope, string option, int position, TransactionOptions options)
        {
            switch (option.ToLowerInvariant())
            {
                case "startswith":
                    return options with { StartsWith = ReadFilter(cursor, scope, option) };
                case "endswith":
                    return options with { EndsWith = ReadFilter(cursor, scope, option) };
            }

            var value = cursor.Peek() == '"' ? cursor.ReadQuoted() : cursor.TrySearchWord(",") ?? throw cursor.Error($"expected a value for {option}=");
            return option.ToLowerInvariant() switch
            {
                "maxspan" => options with { MaxSpan = Duration(value, option, position) },
                "maxpause" => options with { MaxPause = Duration(value, option, position) },
                "maxevents" => options with { MaxEvents = value == "-1" ? 0 : Arguments.WholeNumber(value, option, position) },
                "connected" => options with { Connected = Arguments.Boolean(value, option, position) },
                "keepevicted" => options with { KeepEvicted = Arguments.Boolean(value, option, position) },
                "mvlist" => options with { MvList = Arguments.Boolean(value, option, position) },
                _ => throw new SplSyntaxException(position, option.Length, $"unsupported transaction option '{option}'", SplDiagnosticId.UnsupportedOption, "transaction " + option.ToLowerInvariant()),
            };
        }

        /// <summary>A span such as 240m or 5m; -1 for none. Splunk reads a bare number as seconds.</summary>
        private static TimeSpan? Duration(string value, string option, int position)
        {
            if (value == "-1")
            {
                return null;
            }

            if (!TimeSpanSpec.TryParse(value, out var span) || span.Unit is TimeUnit.Month or TimeUnit.Year)
            {
                throw new SplSyntaxException(position, option.Length, $"{option} must be a time span such as 30s, 5m, 2h or 1d, not '{value}'");
            }

            return span.Unit switch
            {
                TimeUnit.Second => TimeSpan.FromSeconds(span.Count),
                TimeUnit.Minute => TimeSpan.FromMinutes(span.Count),
                TimeUnit.Hour => TimeSpan.FromHours(span.Count),
                TimeUnit.Day => TimeSpan.FromDays(span.Count),
                _ => TimeSpan.FromDays(7 * span.Count),
            };
        }

        /// <summary>startswith/endswith: <c>(search)</c>, <c>"search"</c> or <c>eval(test)</c>.</summary>
        private static TransactionFilter ReadFilter(TextCursor cursor, SearchScope scope, string option)
        {
            var start = cursor.Position;
            if (cursor.TryKeyword("eval", ignoreCase: true) && cursor.Peek() == '(')
            {
                cursor.Position++;
                var test = new EvalParser(cursor).ParseCondition($"{option}=eval(...)");
                cursor.Expect(')', "')' to close eval(");
                return new TransactionFilter(null, test);
            }

            cursor.Position = start;
            if (cursor.Peek() == '"')
            {
                var text = cursor.ReadQuoted();
                return new TransactionFilter(ParseSearch(text, 0, text.Length, scope, start, option), null);
            }

            if (cursor.Peek() != '(')
            {
                throw cursor.Error($"expected {option}=(search), {option}=\"search\" or {option}=eval(test)");
            }

            var close = Brackets.FindClose(cursor.Text, cursor.Position, cursor.End);
            if (close < 0)
            {
                throw new SplSyntaxException(start, 1, $"unclosed '(' in {option}=");
            }

            var search = new SearchParser(new TextCursor(cursor.Text, cursor.Position + 1, close), scope).ParseAll();
            cursor.Position = close + 1;
            return new TransactionFilter(search, null);
        }

        private static SearchExpression ParseSearch(string text, int start, int end, SearchScope scope, int position, string option)
        {
            try
            {
                return new SearchParser(new TextCursor(text, start, end), scope).ParseAll();
            }
            catch (SplSyntaxException e)
            {
                throw new SplSyntaxException(position, option.Length, $"{option}=\"{text}\": {e.Diagnostic.Message}", e.Diagnostic.Id, e.Diagnostic.Subject);
            }
        }

    }
}

/// <summary>startswith / endswith: a search or an eval test.</summary>
internal sealed record TransactionFilter(SearchExpression? Search, EvalExpression? Test)
{
    public bool Matches(Row row, SearchContext context) => Search?.Matches(row) ?? Test!.IsTrue(row, context);
}

/// <summary>transaction's options, with Splunk's defaults (maxevents 1000; maxspan and maxpause none).</summary>
internal sealed record TransactionOptions(
    TimeSpan? MaxSpan = null,
    TimeSpan? MaxPause = null,
    int MaxEvents = 1000,
    TransactionFilter? StartsWith = null,
    TransactionFilter? EndsWith = null,
    bool Connected = true,
    bool KeepEvicted = false,
    bool MvList = false);
