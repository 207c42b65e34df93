using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Lookups;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>| inputlookup [append=bool] [strict=bool] [start=N] [max=N] name [WHERE search]</c>: the rows of a lookup table,
/// in file order, each row's empty cells left out. WHERE keeps the rows its search matches; start= skips that many of
/// those (0-based) and max= (1,000,000,000 by default) caps how many come out. append and strict change nothing at the
/// start of a search, and a missing table is an error either way.
/// </summary>
internal sealed class InputlookupGenerator : SplGenerator
{
    private const int DefaultMax = 1_000_000_000;
    private readonly LookupDefinition _lookup;
    private readonly SearchExpression _where;
    private readonly int _start;
    private readonly int _max;

    public InputlookupGenerator(int position, LookupDefinition lookup, SearchExpression where, int start = 0, int max = DefaultMax)
        : base(position)
    {
        _lookup = lookup;
        _where = where;
        _start = start;
        _max = max;
    }

    public override string Name => "inputlookup";

    public override bool ReadsEvents => false;

    public override bool SetsOrder => true;

    public override IReadOnlyList<string>? Columns => _lookup.Header.Columns.Where(c => c.Length > 0).Distinct().ToList();

    public override GeneratorRun Start(SearchContext context, IRowSink downstream) => new Run(this, downstream);

    private IEnumerable<Row> Rows()
    {
        var skipped = 0;
        var emitted = 0;
        var table = _lookup.TableForSearch();
        foreach (var cells in table.Rows)
        {
            if (emitted >= _max)
            {
                yield break;
            }

            var row = new Row(cells.Length);
            for (var i = 0; i < cells.Length; i++)
            {
                var column = table.Columns[i];
                if (cells[i].Length > 0 && column.Length > 0 && !row.Has(column))
                {
                    row[column] = Value.FromString(cells[i]);
                }
            }

            if (!_where.Matches(row) || skipped++ < _start)
            {
                continue;
            }

            emitted++;
            yield return row;
        }
    }

    private sealed class Run(InputlookupGenerator generator, IRowSink next) : GeneratorRun
    {
        public override void Push(Row eventRow)
        {
            // It reads no events.
        }

        public override void Complete()
        {
            foreach (var row in generator.Rows())
            {
                next.Push(row);
            }

            next.Complete();
        }
    }

    internal sealed class Syntax : IGeneratorSyntax
    {
        private static readonly string[] Options = ["append", "strict", "start", "max"];

        public IReadOnlyList<string> Names => ["inputlookup"];

        public SplGenerator Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var start = 0;
            var max = DefaultMax;
            while (CommandOptions.TryRead(cursor, "inputlookup", Options, out var option, out var value, out var optionPosition))
            {
                switch (option)
                {
                    case "start":
                        start = Arguments.WholeNumber(value, option, optionPosition);
                        break;
                    case "max":
                        max = Arguments.WholeNumber(value, option, optionPosition);
                        break;
                    default:
                        Arguments.Boolean(value, option, optionPosition);
                        break;
                }
            }

            cursor.SkipWhitespace();
            var namePosition = cursor.Position;
            if (cursor.AtEnd)
            {
                throw site.Error("inputlookup needs a lookup table name");
            }

            var name = cursor.ExpectFieldName("a lookup table name");
            var lookup = LookupResolver.Resolve(site.Scope, name, namePosition, cursor.Position - namePosition);
            SearchExpression where = MatchAllExpression.Instance;
            if (cursor.TryKeyword("where", ignoreCase: true))
            {
                where = new SearchParser(cursor, site.Scope).ParseAll();
            }
            else if (!cursor.AtEnd)
            {
                throw cursor.Error("expected WHERE after the inputlookup table name");
            }

            return new InputlookupGenerator(site.Position, lookup, where, start, max);
        }
    }
}
