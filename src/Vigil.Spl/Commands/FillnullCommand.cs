using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>fillnull [value=X] [fields]</c>: gives missing fields the value (0 by default). Without a field list it fills
/// every field any result has, so it waits for all rows.
/// </summary>
internal sealed class FillnullCommand(int position, string value, IReadOnlyList<string> fields) : SplCommand(position)
{
    public string FillValue { get; } = value;

    public IReadOnlyList<string> Fields { get; } = fields;

    public override string Name => "fillnull";

    public override IReadOnlyCollection<string>? FieldsRead => Fields.Count > 0 ? Fields.ToHashSet() : null;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null ? null : [.. input, .. Fields.Where(f => !input.Contains(f))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) =>
        Fields.Count > 0 ? new ListedStage(this, downstream) : new AllFieldsStage(this, downstream);

    private sealed class ListedStage(FillnullCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            foreach (var field in command.Fields)
            {
                if (!row.Has(field))
                {
                    row[field] = Value.FromString(command.FillValue);
                }
            }

            Next.Push(row);
        }
    }

    private sealed class AllFieldsStage(FillnullCommand command, IRowSink next) : IRowSink
    {
        private readonly List<Row> _rows = [];
        private readonly List<string> _names = [];
        private readonly HashSet<string> _known = new(StringComparer.Ordinal);

        public void Push(Row row)
        {
            _rows.Add(row);
            foreach (var name in row.Names)
            {
                if (_known.Add(name))
                {
                    _names.Add(name);
                }
            }
        }

        public void Complete()
        {
            var fill = Value.FromString(command.FillValue);
            foreach (var row in _rows)
            {
                foreach (var name in _names)
                {
                    if (!row.Has(name))
                    {
                        row[name] = fill;
                    }
                }

                next.Push(row);
            }

            next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["fillnull"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var value = "0";
            if (cursor.TryOption(["value"], out _, out var given, out _))
            {
                value = given;
            }

            var fields = Arguments.FieldList(cursor, "fillnull", allowWildcards: false, allowEmpty: true);
            return new FillnullCommand(site.Position, value, fields);
        }
    }
}
