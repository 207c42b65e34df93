using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// One run's view of a search expression holding subsearches. When they have all run (over lookups, at the start),
/// the expression is resolved and rows are decided at once; otherwise rows that might match wait, in arrival order,
/// until the end of the hunt, when the subsearches over events have run too (a base search whose events can be read
/// again keeps none: it reads them again through <see cref="Resolved"/>).
/// </summary>
internal sealed class SubsearchFilter
{
    private readonly SearchExpression _expression;
    private readonly List<(SubsearchCondition Condition, SubsearchRun Run)> _runs;
    private readonly List<Row> _waiting = [];
    private readonly SplLimits _limits;
    private SearchExpression? _resolved;

    public SubsearchFilter(SearchExpression expression, SearchContext context)
    {
        _expression = expression;
        _limits = context.Limits;
        _runs = SubsearchConditions.Find(expression).Select(c => (c, c.Subsearch.Start(context))).ToList();
        if (_runs.All(r => r.Run.IsComplete))
        {
            _resolved = Resolve();
        }
    }

    /// <summary>The resolved expression, for a caller whose subsearches read no events (so have run at the start).</summary>
    public SearchExpression ResolvedAtStart => _resolved ?? throw new InvalidOperationException("a subsearch over events has not run yet");

    /// <summary>Whether the row matches, once the subsearches have run; null before.</summary>
    public bool? Decide(Row row) => _resolved?.Matches(row);

    /// <summary>Whether the row could still match, whatever the subsearches return.</summary>
    public bool MightMatch(Row row) => SubsearchConditions.MatchesSoFar(_expression, row) != false;

    /// <summary>Keeps a row until the subsearches have run.</summary>
    public void Wait(Row row)
    {
        if (_waiting.Count >= _limits.EventsHeld)
        {
            throw _limits.EventsHeldExceeded("search");
        }

        _waiting.Add(row);
    }

    /// <summary>The expression with the subsearches' results in place, once every subsearch has run.</summary>
    public SearchExpression Resolved => _resolved ??= Resolve();

    /// <summary>The waiting rows that match, in arrival order, now that every subsearch has run.</summary>
    public IEnumerable<Row> Release()
    {
        var resolved = Resolved;
        var waiting = _waiting.ToList();
        _waiting.Clear();
        return waiting.Where(resolved.Matches);
    }

    private SearchExpression Resolve()
    {
        var resolved = _runs.Select(r => (r.Condition, Resolved: r.Condition.Resolve(r.Run.Result))).ToList();
        return SubsearchConditions.Bind(_expression, c => resolved.First(r => ReferenceEquals(r.Condition, c)).Resolved);
    }
}
