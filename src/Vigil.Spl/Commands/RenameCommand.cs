using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

public sealed record RenamePair(FieldPattern From, FieldPattern To);

/// <summary><c>rename a AS b, foo* AS bar*</c>: the field keeps its place; a field already named b is replaced.</summary>
public sealed class RenameCommand(int position, IReadOnlyList<RenamePair> pairs) : SplCommand(position)
{
    public IReadOnlyList<RenamePair> Pairs { get; } = pairs;

    public override string Name => "rename";

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        if (input is null)
        {
            return null;
        }

        var columns = input.ToList();
        foreach (var pair in Pairs)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (pair.From.Capture(columns[i]) is { } captures)
                {
                    var target = pair.To.Fill(captures);
                    var existing = columns.IndexOf(target);
                    columns[i] = target;
                    if (existing >= 0 && existing != i)
                    {
                        columns.RemoveAt(existing);
                        i -= existing < i ? 1 : 0;
                    }
                }
            }
        }

        return columns;
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Pairs, downstream);

    private sealed class Stage(IReadOnlyList<RenamePair> pairs, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            foreach (var pair in pairs)
            {
                if (!pair.From.HasWildcard)
                {
                    row.Rename(pair.From.Pattern, pair.To.Pattern);
                    continue;
                }

                foreach (var name in row.Names.ToList())
                {
                    if (pair.From.Capture(name) is { } captures)
                    {
                        row.Rename(name, pair.To.Fill(captures));
                    }
                }
            }

            Next.Push(row);
        }
    }
}
