using Vigil.Spl.Execution;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>
/// The time range one group of search terms sets with its time modifiers: <c>_time</c> at or after the start and
/// before the end (Search Reference, "Time modifiers": earliest is inclusive, latest exclusive). A range with a start
/// and no end ends at now, as a search without <c>latest</c> does; one with only an end starts at the beginning of
/// time, Vigil having no time range picker. A row without <c>_time</c> is in no range. Its ends depend on the search's
/// now and time zone, so a run matches through <see cref="Bind"/>, never through this node.
/// </summary>
public sealed class TimeWindowExpression : SearchExpression
{
    internal TimeWindowExpression(SearchTimePoint? start, SearchTimePoint? end)
    {
        Start = start;
        End = end ?? (start is null ? null : new SearchTimePoint.Now());
    }

    internal SearchTimePoint? Start { get; }

    internal SearchTimePoint? End { get; }

    public override bool Matches(Row row) =>
        throw new InvalidOperationException("a time window is matched once bound to a run's now and time zone");

    public override IEnumerable<string> FieldsRead() => ["_time"];

    // A time range needs no literal in the raw text.
    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;

    /// <summary>Whether the expression holds a time window (outside its subsearches, which bind their own).</summary>
    public static bool Any(SearchExpression expression) => expression switch
    {
        TimeWindowExpression => true,
        AndExpression and => and.Operands.Any(Any),
        OrExpression or => or.Operands.Any(Any),
        NotExpression not => Any(not.Operand),
        _ => false,
    };

    /// <summary>The expression with every time window fixed to the run's now and zone; the same instance when it has none.</summary>
    public static SearchExpression Bind(SearchExpression expression, SearchContext context) =>
        Any(expression) ? BindAll(expression, context) : expression;

    private static SearchExpression BindAll(SearchExpression expression, SearchContext context) => expression switch
    {
        TimeWindowExpression window => Bound.Of(window, context),
        AndExpression and => new AndExpression(and.Operands.Select(o => BindAll(o, context)).ToList()),
        OrExpression or => new OrExpression(or.Operands.Select(o => BindAll(o, context)).ToList()),
        NotExpression not => new NotExpression(BindAll(not.Operand, context)),
        _ => expression,
    };

    /// <summary>A window with its ends fixed: start inclusive, end exclusive. An end past the years a timestamp holds matches nothing.</summary>
    private sealed class Bound(Timestamp? start, Timestamp? end, bool unresolvable) : SearchExpression
    {
        public static Bound Of(TimeWindowExpression window, SearchContext context)
        {
            var start = window.Start?.Resolve(context.Now, context.Zone);
            var end = window.End?.Resolve(context.Now, context.Zone);
            return new Bound(start, end, (window.Start is not null && start is null) || (window.End is not null && end is null));
        }

        public override bool Matches(Row row)
        {
            if (unresolvable || !row["_time"].TryGetTime(out var time))
            {
                return false;
            }

            return (start is not { } from || time >= from) && (end is not { } to || time < to);
        }

        public override IEnumerable<string> FieldsRead() => ["_time"];

        public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;
    }
}
