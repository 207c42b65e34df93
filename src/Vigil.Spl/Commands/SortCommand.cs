using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

internal enum SortType
{
    Auto,
    Number,
    Text,
    Ip,
}

internal sealed record SortKey(string Field, bool Descending, SortType Type);

/// <summary>
/// <c>sort [N] [+|-]field, num(f), str(f) ... [desc]</c>. Stable; rows missing a field sort last either way; at most
/// N rows come out, 10000 by default and all for 0, as in Splunk.
/// </summary>
internal sealed class SortCommand(int position, int limit, IReadOnlyList<SortKey> keys) : SplCommand(position)
{
    public const int DefaultLimit = 10000;

    public int Limit { get; } = limit;

    public IReadOnlyList<SortKey> Keys { get; } = keys;

    public override string Name => "sort";

    public override IReadOnlyCollection<string>? FieldsRead => Keys.Select(k => k.Field).ToHashSet();

    public override bool SetsOrder => true;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private int CompareRows(Row x, Row y)
    {
        foreach (var key in Keys)
        {
            var a = x[key.Field];
            var b = y[key.Field];
            if (a.IsNull || b.IsNull)
            {
                if (a.IsNull != b.IsNull)
                {
                    return a.IsNull ? 1 : -1;
                }

                continue;
            }

            var order = key.Type switch
            {
                SortType.Number => SplunkOrder.CompareAsNumbers(a, b),
                SortType.Text => SplunkOrder.CompareAsStrings(a, b),
                SortType.Ip => SortCollation.CompareAsIps(a.FirstText, b.FirstText),
                _ => SortCollation.CompareAuto(a, b),
            };
            if (order != 0)
            {
                return key.Descending ? -order : order;
            }
        }

        return 0;
    }

    private sealed class Stage(SortCommand command, IRowSink next) : IRowSink
    {
        private readonly List<Row> _rows = [];

        public void Push(Row row) => _rows.Add(row);

        public void Complete()
        {
            var sorted = _rows.Order(Comparer<Row>.Create(command.CompareRows));
            var limit = command.Limit == 0 ? int.MaxValue : command.Limit;
            foreach (var row in sorted.Take(limit))
            {
                next.Push(row);
            }

            next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["sort"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var limit = DefaultLimit;
            if (cursor.TryInteger() is { } count)
            {
                limit = count;
            }
            else if (cursor.TryOption(["limit"], out var option, out var limitText, out var limitPosition))
            {
                limit = Arguments.WholeNumber(limitText, option, limitPosition);
            }

            var keys = new List<SortKey>();
            var reverseAll = false;
            while (!cursor.AtEnd)
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                if (cursor.TryKeyword("desc") || cursor.TryKeyword("d"))
                {
                    reverseAll = true;
                    if (!cursor.AtEnd)
                    {
                        throw cursor.Error("desc must come last in sort");
                    }

                    break;
                }

                cursor.SkipWhitespace();
                var descending = false;
                if (cursor.Peek() is '-' or '+')
                {
                    descending = cursor.Peek() == '-';
                    cursor.Position++;
                }

                var start = cursor.Position;
                var name = cursor.ExpectFieldName("a field to sort by");
                var type = SortType.Auto;
                if (cursor.Peek() == '(' && name is "num" or "str" or "auto" or "ip")
                {
                    cursor.Position++;
                    type = name switch { "num" => SortType.Number, "str" => SortType.Text, "ip" => SortType.Ip, _ => SortType.Auto };
                    name = cursor.ExpectFieldName("a field name");
                    cursor.Expect(')', "')'");
                }

                keys.Add(new SortKey(name, descending, type));
            }

            if (keys.Count == 0)
            {
                throw site.Error("sort needs at least one field");
            }

            if (reverseAll)
            {
                keys = keys.Select(k => k with { Descending = !k.Descending }).ToList();
            }

            return new SortCommand(site.Position, limit, keys);
        }
    }
}
