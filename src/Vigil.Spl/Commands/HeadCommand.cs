using Vigil.Spl.Syntax;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary><c>head [N]</c>: the first N rows (10 by default).</summary>
internal sealed class HeadCommand(int position, int count) : SplCommand(position)
{
    public const int DefaultCount = 10;

    public int Count { get; } = count;

    public override string Name => "head";

    public override IReadOnlyCollection<string>? FieldsRead => [];

    public override bool DependsOnOrder => true;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Count, downstream);

    private sealed class Stage(int count, IRowSink next) : StreamingStage(next)
    {
        private int _passed;

        public override void Push(Row row)
        {
            if (_passed < count)
            {
                _passed++;
                Next.Push(row);
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["head"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var count = DefaultCount;
            if (cursor.TryInteger() is { } n)
            {
                count = n;
            }
            else if (cursor.TryOption(["limit"], out var option, out var limitText, out var limitPosition))
            {
                count = Arguments.WholeNumber(limitText, option, limitPosition);
            }

            if (!cursor.AtEnd)
            {
                throw new SplSyntaxException(cursor.Position, Math.Max(1, cursor.PeekWordForError().Word.Length), "unsupported head argument (Vigil supports head N and head limit=N)", SplDiagnosticId.UnsupportedOption, "head " + cursor.PeekWordForError().Word.Split('=')[0]);
            }

            return new HeadCommand(site.Position, count);
        }
    }
}
