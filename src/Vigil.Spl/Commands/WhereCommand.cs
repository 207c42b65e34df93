using Vigil.Spl.Syntax;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary><c>where &lt;test&gt;</c>: keeps rows for which the eval test is true (strings compare case-sensitively).</summary>
internal sealed class WhereCommand(int position, EvalExpression condition) : SplCommand(position)
{
    public EvalExpression Condition { get; } = condition;

    public override string Name => "where";

    public override IReadOnlyCollection<string>? FieldsRead => Condition.FieldsRead().ToHashSet();

    public override bool IsStreaming => true;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Condition, context, downstream);

    private sealed class Stage(EvalExpression condition, SearchContext context, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            if (condition.IsTrue(row, context))
            {
                Next.Push(row);
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["where"];

        public SplCommand Parse(CommandSite site)
        {
            if (site.Cursor.AtEnd)
            {
                throw site.Cursor.Error("where needs a test");
            }

            var condition = new EvalParser(site.Cursor).ParseCondition("the where expression");
            Arguments.ExpectEnd(site.Cursor, "where");
            return new WhereCommand(site.Position, condition);
        }
    }
}
