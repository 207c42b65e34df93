using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary><c>search &lt;expression&gt;</c> after the first pipe: keeps the rows that match.</summary>
public sealed class SearchCommand(int position, SearchExpression expression) : SplCommand(position)
{
    public SearchExpression Expression { get; } = expression;

    public override string Name => "search";

    public override IReadOnlyCollection<string>? FieldsRead => Expression.FieldsRead().ToHashSet();

    public override bool IsStreaming => true;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Expression, downstream);

    private sealed class Stage(SearchExpression expression, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            if (expression.Matches(row))
            {
                Next.Push(row);
            }
        }
    }

    private sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["search"];

        public SplCommand Parse(CommandSite site) => new SearchCommand(site.Position, new SearchParser(site.Cursor, site.Scope).ParseAll());
    }

    /// <summary><c>| search ...</c> at the start is the base search itself.</summary>
    private sealed class GeneratorSyntax : IGeneratorSyntax
    {
        public IReadOnlyList<string> Names => ["search"];

        public SplGenerator Parse(CommandSite site) => new EventSearch(site.Position, new SearchParser(site.Cursor, site.Scope).ParseAll());
    }
}
