using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>mvexpand field [limit=N]</c>: a row for each value of the field (the first N with limit=, all with 0, the
/// default), each a copy of the row holding that one value. A row without the field gives no rows. Splunk does not
/// expand internal fields (names starting with _).
/// </summary>
internal sealed class MvexpandCommand(int position, string fieldName, int limit) : SplCommand(position)
{
    public override string Name => "mvexpand";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => [fieldName];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private void Expand(Row row, IRowSink next)
    {
        var values = row[fieldName].Values;
        var count = limit == 0 ? values.Count : Math.Min(limit, values.Count);
        if (values.Count == 1)
        {
            next.Push(row);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var copy = row.Clone();
            copy[fieldName] = Value.FromString(values[i]);
            next.Push(copy);
        }
    }

    private sealed class Stage(MvexpandCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row) => command.Expand(row, Next);
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["mvexpand"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? field = null;
            var limit = 0;
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, "mvexpand", ["limit"], out var option, out var value, out var optionPosition))
                {
                    limit = Arguments.WholeNumber(value, option, optionPosition);
                    continue;
                }

                if (field is not null)
                {
                    throw cursor.Error("mvexpand takes one field");
                }

                var (position, _) = cursor.PeekWordForError();
                field = cursor.ExpectFieldName("the field to expand");
                if (field.Contains('*', StringComparison.Ordinal) || field.StartsWith('_'))
                {
                    throw new SplSyntaxException(position, field.Length, $"mvexpand cannot expand '{field}': it takes one field, not a wildcard or an internal field");
                }
            }

            return field is null ? throw site.Error("mvexpand needs a field") : new MvexpandCommand(site.Position, field, limit);
        }
    }
}
