using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary><c>search &lt;expression&gt;</c> after the first pipe: keeps the rows that match.</summary>
internal sealed class SearchCommand(int position, SearchExpression expression) : SplCommand(position)
{
    public SearchExpression Expression { get; } = expression;

    public override string Name => "search";

    public override IReadOnlyCollection<string>? FieldsRead => SubsearchConditions.FieldsRead(Expression);

    // What the expression says of itself, worked out once: a hunt asks each search as it starts.
    public override IReadOnlyList<SplPipeline> Subsearches { get; } = [.. SubsearchConditions.Find(expression).Select(c => c.Subsearch.Pipeline)];

    public override bool IsStreaming => Subsearches.Count == 0;

    public override bool SetsTimeRange { get; } = TimeWindowExpression.Any(expression);

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream)
    {
        var expression = TimeWindowExpression.Bind(Expression, context);
        return Subsearches.Count > 0
            ? new FilteredStage(new SubsearchFilter(expression, context), downstream)
            : new Stage(expression, downstream);
    }

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

    /// <summary>A search holding subsearches: rows wait for those over events to finish.</summary>
    private sealed class FilteredStage(SubsearchFilter filter, IRowSink next) : IRowSink
    {
        public void Push(Row row)
        {
            if (filter.Decide(row) is { } decided)
            {
                if (decided)
                {
                    next.Push(row);
                }
            }
            else if (filter.MightMatch(row))
            {
                filter.Wait(row);
            }
        }

        public void Complete()
        {
            foreach (var row in filter.Release())
            {
                next.Push(row);
            }

            next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["search"];

        public SplCommand Parse(CommandSite site) => new SearchCommand(site.Position, new SearchParser(site.Cursor, site.Scope, timeModifiers: true).ParseAll());
    }

    /// <summary><c>| search ...</c> at the start is the base search itself.</summary>
    internal sealed class GeneratorSyntax : IGeneratorSyntax
    {
        public IReadOnlyList<string> Names => ["search"];

        public SplGenerator Parse(CommandSite site) => new EventSearch(site.Position, new SearchParser(site.Cursor, site.Scope, timeModifiers: true).ParseAll());
    }
}
