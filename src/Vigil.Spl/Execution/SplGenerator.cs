using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// Where a pipeline's rows come from: the events that match a base search, a data model summarised by tstats, a
/// lookup table ... A generator that reads events is offered every event of the hunt; the rest make their rows alone.
/// </summary>
public abstract class SplGenerator
{
    protected SplGenerator(int position) => Position = position;

    /// <summary>Offset of the generator in the search text.</summary>
    public int Position { get; }

    public abstract string Name { get; }

    /// <summary>Whether it is fed the events being searched.</summary>
    public virtual bool ReadsEvents => true;

    /// <summary>The output columns when the generator alone decides them (tstats); null for raw events.</summary>
    public virtual IReadOnlyList<string>? Columns => null;

    /// <summary>Whether it decides the order of its rows itself (tstats sorts its groups).</summary>
    public virtual bool SetsOrder => false;

    /// <summary>Literal text an event's raw text must hold for this generator to use it; null when nothing can be said.</summary>
    public virtual RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;

    /// <summary>The subsearches its arguments hold (<c>[...]</c> in a base search or a tstats WHERE).</summary>
    public virtual IReadOnlyList<SplPipeline> Subsearches => [];

    /// <summary>
    /// Whether every row it takes must carry <c>index=risk</c>: then it reads the risk store, and no event of the files
    /// searched can reach it (they carry no index).
    /// </summary>
    public virtual bool ReadsOnlyRiskIndex => false;

    /// <summary>Whether its own arguments set a time range (time modifiers in a base search or a tstats WHERE).</summary>
    public virtual bool SetsTimeRange => false;

    public abstract GeneratorRun Start(SearchContext context, IRowSink downstream);

    /// <summary>Conjuncts of its search over source and sourcetype alone (for dispatch); null when it has none.</summary>
    internal virtual SearchExpression? MetadataConjuncts => null;

    /// <summary>
    /// The event fields a generator other than the event search reads (the commands after it read its rows, not
    /// events); null when it may read any.
    /// </summary>
    internal virtual IReadOnlySet<string>? EventFieldsRead => null;

    /// <summary>A test the events it takes pass, shared with other generators (data model membership); null: none.</summary>
    internal virtual Dispatch.SharedEventTest? SharedTest => null;

    /// <summary>What one of the rows <see cref="SharedTest"/> makes of an event must hold for this generator to take it; null: nothing.</summary>
    internal virtual RowRequirement? SharedRowRequirement => null;
}

/// <summary>One run of a generator: events in (for those that read them), rows out on completion or as they come.</summary>
public abstract class GeneratorRun
{
    /// <summary>Events the generator took (for an event search, those that matched).</summary>
    public long Matched { get; protected set; }

    /// <summary>Offers one event. The row is shared with other runs and never changes: a generator may keep it, and copies it to change it.</summary>
    public abstract void Push(Row eventRow);

    public abstract void Complete();
}

/// <summary>The classic search: events matching the base search, passed on as they are.</summary>
public sealed class EventSearch(int position, SearchExpression expression) : SplGenerator(position)
{
    public SearchExpression Expression { get; } = expression;

    public override string Name => "search";

    // What the expression says of itself, worked out once: a hunt asks each search as it starts.
    public override IReadOnlyList<SplPipeline> Subsearches { get; } = [.. SubsearchConditions.Find(expression).Select(c => c.Subsearch.Pipeline)];

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => Expression.RawRequirement(isVerbatimField);

    internal override SearchExpression? MetadataConjuncts { get; } = Dispatch.SearchGate.MetadataConjuncts(expression);

    public override bool ReadsOnlyRiskIndex { get; } = IndexExpression.IsRequiredBy(expression);

    public override bool SetsTimeRange { get; } = TimeWindowExpression.Any(expression);

    public override GeneratorRun Start(SearchContext context, IRowSink downstream) =>
        Subsearches.Count > 0
            ? new FilteredRun(new SubsearchFilter(Expression, context), context.EventRereader, downstream)
            : new Run(Expression, downstream);

    private sealed class Run(SearchExpression expression, IRowSink next) : GeneratorRun
    {
        public override void Push(Row eventRow)
        {
            if (expression.Matches(eventRow))
            {
                Matched++;
                next.Push(eventRow.Clone());
            }
        }

        public override void Complete() => next.Complete();
    }

    /// <summary>
    /// A base search holding subsearches: events wait for those over events to finish. Where the hunt can read its
    /// events again, none wait: that one could match is noted, and the events are read again once the subsearches have run.
    /// </summary>
    private sealed class FilteredRun(SubsearchFilter filter, IEventRereader? rereader, IRowSink next) : GeneratorRun
    {
        private bool _anyCandidate;

        public override void Push(Row eventRow)
        {
            if (filter.Decide(eventRow) is { } ruled)
            {
                if (ruled)
                {
                    Matched++;
                    next.Push(eventRow.Clone());
                }

                return;
            }

            if (rereader is not null)
            {
                _anyCandidate = _anyCandidate || filter.MightMatch(eventRow);
            }
            else if (filter.MightMatch(eventRow))
            {
                // Held as it is: an offered event never changes; the copy is made for the few that match.
                filter.Wait(eventRow);
            }
        }

        public override void Complete()
        {
            if (rereader is null)
            {
                foreach (var row in filter.Release())
                {
                    Matched++;
                    next.Push(row.Clone());
                }
            }
            else
            {
                // Resolved first, whatever the events: a subsearch that stopped at a limit stops this search too.
                var resolved = filter.Resolved;
                if (_anyCandidate)
                {
                    rereader.Reread(resolved, eventRow =>
                    {
                        if (resolved.Matches(eventRow))
                        {
                            Matched++;
                            next.Push(eventRow.Clone());
                        }
                    });
                }
            }

            next.Complete();
        }
    }
}
