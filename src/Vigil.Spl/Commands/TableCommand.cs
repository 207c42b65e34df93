using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary><c>table a, b c*</c>: only these fields, in this order; a named field shows as a column even when empty.</summary>
internal sealed class TableCommand(int position, IReadOnlyList<FieldPattern> fields) : SplCommand(position)
{
    public IReadOnlyList<FieldPattern> Fields { get; } = fields;

    public override string Name => "table";

    public override IReadOnlyCollection<string>? FieldsRead => Fields.Any(f => f.HasWildcard) ? null : Fields.Select(f => f.Pattern).ToHashSet();

    public override bool ChoosesFields => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        if (Fields.All(f => !f.HasWildcard))
        {
            return Fields.Select(f => f.Pattern).Distinct().ToList();
        }

        return input is null ? null : Expand(input);
    }

    private List<string> Expand(IEnumerable<string> names)
    {
        var available = names.ToList();
        var result = new List<string>();
        foreach (var field in Fields)
        {
            if (!field.HasWildcard)
            {
                if (!result.Contains(field.Pattern))
                {
                    result.Add(field.Pattern);
                }

                continue;
            }

            result.AddRange(available.Where(n => field.IsMatch(n) && !result.Contains(n)));
        }

        return result;
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private sealed class Stage(TableCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            var names = command.Expand(row.Names);
            var output = new Row(names.Count) { Evidence = row.Evidence };
            foreach (var name in names)
            {
                output[name] = row[name];
            }

            Next.Push(output);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["table"];

        public SplCommand Parse(CommandSite site) =>
            new TableCommand(site.Position, Arguments.FieldList(site.Cursor, "table", allowWildcards: true).Select(f => new FieldPattern(f)).ToList());
    }
}
