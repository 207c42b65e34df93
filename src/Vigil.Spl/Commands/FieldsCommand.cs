using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>fields [+] a b*</c> keeps the named fields (and the internal _time and _raw, as Splunk does);
/// <c>fields - a b*</c> removes them.
/// </summary>
internal sealed class FieldsCommand(int position, bool remove, IReadOnlyList<FieldPattern> fields) : SplCommand(position)
{
    public bool Remove { get; } = remove;

    public IReadOnlyList<FieldPattern> Fields { get; } = fields;

    public override string Name => "fields";

    // Kept fields pass _time and _raw on too, so those are read: what later commands read of them comes from here.
    public override IReadOnlyCollection<string>? FieldsRead =>
        Remove ? [] : Fields.Any(f => f.HasWildcard) ? null : Fields.Select(f => f.Pattern).Append("_time").Append("_raw").ToHashSet();

    public override bool ChoosesFields => !Remove;

    public override bool IsStreaming => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        if (Remove)
        {
            return input?.Where(n => !Fields.Any(f => f.IsMatch(n))).ToList();
        }

        if (Fields.All(f => !f.HasWildcard))
        {
            return Fields.Select(f => f.Pattern).Distinct().ToList();
        }

        return input?.Where(n => Fields.Any(f => f.IsMatch(n))).ToList();
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private sealed class Stage(FieldsCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            foreach (var name in row.Names.ToList())
            {
                var listed = command.Fields.Any(f => f.IsMatch(name));
                var keepInternal = !command.Remove && name is "_time" or "_raw";
                if (command.Remove ? listed : !listed && !keepInternal)
                {
                    row.Remove(name);
                }
            }

            Next.Push(row);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["fields"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var remove = false;
            cursor.SkipWhitespace();
            if (cursor.Peek() is '-' or '+' && (cursor.Peek(1) == ' ' || cursor.Peek(1) == '\0'))
            {
                remove = cursor.Peek() == '-';
                cursor.Position++;
            }

            var fields = Arguments.FieldList(cursor, "fields", allowWildcards: true);
            return new FieldsCommand(site.Position, remove, fields.Select(f => new FieldPattern(f)).ToList());
        }
    }
}
