using Vigil.Spl.Time;

namespace Vigil.Spl.Syntax;

/// <summary>
/// Turns the time modifiers of a parsed search into time windows, one per group of terms. Splunk applies time
/// modifiers as a time range, not as terms: those among the search's top-level terms bound the whole search, and the
/// Search Reference ("Time modifiers", examples 5 and 6) gives alternatives joined by OR ranges of their own,
/// <c>(earliest=A latest=B) OR (earliest=C latest=D)</c>. Everything it leaves open is refused with the modifier's
/// position rather than guessed: a modifier under NOT (refused as it is parsed), a range inside a group another range
/// already bounds, two starts or two ends in one group, and <c>timeformat</c> anywhere but among the top-level terms,
/// where it sets the format of every <c>starttime</c> and <c>endtime</c> of the search.
/// </summary>
internal static class TimeModifierGroups
{
    private const string TimeFormat = "timeformat";

    public static SearchExpression Assemble(SearchExpression root)
    {
        var formats = Members(root).OfType<TimeModifierTerm>().Where(t => t.Name == TimeFormat).ToList();
        if (formats.Count > 1)
        {
            throw formats[1].Error("timeformat= is written twice: a search has one format for its starttime and endtime");
        }

        var format = formats.Count == 1 ? formats[0].Value : TimeModifierValues.DefaultFormat;
        return Group(root, format, isRoot: true, bounding: null);
    }

    /// <summary>The terms a group ANDs together, nested parentheses flattened: <c>a (b c)</c> is one group of three.</summary>
    private static IEnumerable<SearchExpression> Members(SearchExpression expression) =>
        expression is AndExpression and ? and.Operands.SelectMany(Members) : [expression];

    private static SearchExpression Group(SearchExpression group, string format, bool isRoot, TimeModifierTerm? bounding)
    {
        var members = Members(group).ToList();
        TimeModifierTerm? startTerm = null, endTerm = null;
        SearchTimePoint? start = null, end = null;
        var rest = new List<SearchExpression>();
        foreach (var member in members)
        {
            if (member is not TimeModifierTerm term)
            {
                rest.Add(member);
                continue;
            }

            if (term.Name == TimeFormat)
            {
                if (!isRoot)
                {
                    throw term.Error("timeformat= sets the format of the whole search's starttime and endtime: write it among the search's top-level terms, not in a group joined by OR");
                }

                continue;
            }

            if (bounding is not null)
            {
                throw term.Error($"{term.Name}= inside terms that {bounding.Name}= already bounds is not supported: the Search Reference gives time ranges to a whole search and to alternatives joined by OR, not nested ones");
            }

            var (side, point) = TimeModifierValues.Read(term, format);
            if (side == TimeRangeSide.Start)
            {
                startTerm = startTerm is null ? term : throw Twice(startTerm, term, "start");
                start = point;
            }
            else
            {
                endTerm = endTerm is null ? term : throw Twice(endTerm, term, "end");
                end = point;
            }
        }

        var own = startTerm ?? endTerm;
        var operands = rest.Select(r => Visit(r, format, own ?? bounding)).ToList();
        if (own is not null)
        {
            operands.Insert(0, new TimeWindowExpression(start, end));
        }

        return operands.Count switch
        {
            0 => MatchAllExpression.Instance,
            1 => operands[0],
            _ => new AndExpression(operands),
        };
    }

    private static SearchExpression Visit(SearchExpression expression, string format, TimeModifierTerm? bounding) => expression switch
    {
        OrExpression or => new OrExpression(or.Operands.Select(o => Group(o, format, isRoot: false, bounding)).ToList()),
        _ => expression,
    };

    private static SplSyntaxException Twice(TimeModifierTerm first, TimeModifierTerm second, string side) =>
        second.Error($"{second.Name}= sets the {side} of a time range that {first.Name}= already sets: the Search Reference does not say which wins, so write one");
}
