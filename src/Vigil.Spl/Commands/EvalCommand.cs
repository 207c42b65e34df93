using Vigil.Spl.Syntax;
using Vigil.Spl.Eval;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

internal sealed record EvalAssignment(string Field, EvalExpression Expression);

/// <summary><c>eval a=expr, b=expr</c>: each assignment sees the ones before it; a null result removes the field.</summary>
internal sealed class EvalCommand(int position, IReadOnlyList<EvalAssignment> assignments) : SplCommand(position)
{
    public IReadOnlyList<EvalAssignment> Assignments { get; } = assignments;

    public override string Name => "eval";

    public override IReadOnlyCollection<string>? FieldsRead => Assignments.SelectMany(a => a.Expression.FieldsRead()).ToHashSet();

    public override bool IsStreaming => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null ? null : [.. input, .. Assignments.Select(a => a.Field).Where(f => !input.Contains(f)).Distinct()];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Assignments, context, downstream);

    private sealed class Stage(IReadOnlyList<EvalAssignment> assignments, SearchContext context, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            foreach (var assignment in assignments)
            {
                row[assignment.Field] = assignment.Expression.Evaluate(row, context);
            }

            Next.Push(row);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["eval"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var assignments = new List<EvalAssignment>();
            do
            {
                var field = cursor.ExpectFieldName("a field name to assign");
                cursor.SkipWhitespace();
                if (cursor.Peek() != '=' || cursor.Peek(1) == '=')
                {
                    throw cursor.Error($"expected '=' after '{field}'");
                }

                cursor.Position++;
                assignments.Add(new EvalAssignment(field, new EvalParser(cursor).ParseValue($"the value of {field}")));
            }
            while (cursor.TryConsume(','));

            Arguments.ExpectEnd(cursor, "eval");
            return new EvalCommand(site.Position, assignments);
        }
    }
}
