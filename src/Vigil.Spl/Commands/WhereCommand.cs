using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary><c>where &lt;test&gt;</c>: keeps rows for which the eval test is true (strings compare case-sensitively).</summary>
public sealed class WhereCommand(int position, EvalExpression condition) : SplCommand(position)
{
    public EvalExpression Condition { get; } = condition;

    public override string Name => "where";

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
}
