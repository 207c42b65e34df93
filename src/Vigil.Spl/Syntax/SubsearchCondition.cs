using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>
/// <c>[ subsearch ]</c> among search terms. Splunk runs the subsearch first and writes its results into the search
/// through the implicit <c>format</c>: <c>( ( f1="v1" AND f2="v2" ) OR ( ... ) )</c>, a multivalue as
/// <c>( f="a" OR f="b" )</c>, internal fields (<c>_*</c>) left out, a field named <c>search</c> written as search
/// text and one named <c>query</c> as a quoted term; no results give <c>NOT ()</c>, which matches nothing. Vigil
/// builds the same condition from the results instead of text, once per run (<see cref="Resolve"/>); until then the
/// node has no answer, so it is never matched directly: see <see cref="SubsearchConditions"/>.
/// </summary>
public sealed class SubsearchCondition : SearchExpression
{
    private readonly SearchScope _scope;

    private SubsearchCondition(Subsearch subsearch, SearchScope scope)
    {
        Subsearch = subsearch;
        _scope = scope;
    }

    public Subsearch Subsearch { get; }

    internal static SubsearchCondition Parse(TextCursor cursor, SearchScope scope) =>
        new(new Subsearch(PipelineParser.ParseSubsearch(cursor, scope), SplLimits.SubsearchRowsName, maxout: null), scope);

    public override bool Matches(Row row) =>
        throw new InvalidOperationException("a subsearch condition is matched through its run's resolved condition");

    /// <summary>The fields the formatted condition tests, when the subsearch's columns say; see <see cref="FieldsReadOrNull"/>.</summary>
    public override IEnumerable<string> FieldsRead() => FieldsReadOrNull ?? [];

    /// <summary>The fields the formatted condition tests; null when unknown (columns that depend on the data, a search field).</summary>
    public IReadOnlyCollection<string>? FieldsReadOrNull
    {
        get
        {
            if (Subsearch.Pipeline.Columns is not { } columns || columns.Contains("search"))
            {
                return null;
            }

            return columns.Where(c => !c.StartsWith('_')).Select(c => c == "query" ? "_raw" : c).ToHashSet(StringComparer.Ordinal);
        }
    }

    // Nothing can be said before the subsearch has run.
    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;

    /// <summary>The condition the subsearch's results stand for, as Splunk's implicit format writes it.</summary>
    public SearchExpression Resolve(SearchResult result)
    {
        var alternatives = new List<SearchExpression>();
        foreach (var row in result.Rows)
        {
            var terms = new List<SearchExpression>();
            foreach (var (name, value) in row.Fields)
            {
                if (name.StartsWith('_'))
                {
                    continue;
                }

                var each = value.Values.Select(v => Term(name, v)).ToList();
                terms.Add(each.Count == 1 ? each[0] : new OrExpression(each));
            }

            if (terms.Count > 0)
            {
                alternatives.Add(terms.Count == 1 ? terms[0] : new AndExpression(terms));
            }
        }

        return new OrExpression(alternatives).Simplify();
    }

    private SearchExpression Term(string field, string value) => field switch
    {
        "search" => ParseSearchText(value),
        "query" => new TermExpression(value),
        _ => new FieldComparison(field, SearchOperator.Equal, value),
    };

    /// <summary>A <c>search</c> field's value is search text; text that does not parse as a search matches nothing.</summary>
    private SearchExpression ParseSearchText(string text)
    {
        try
        {
            var parsed = new SearchParser(new TextCursor(text, 0, text.Length), _scope).ParseAll();
            return SubsearchConditions.Find(parsed).Any() ? MatchNoneExpression.Instance : parsed;
        }
        catch (Exception e) when (e is SplSyntaxException or SplCompileException)
        {
            return MatchNoneExpression.Instance;
        }
    }
}

/// <summary>Working with search expressions that hold subsearches: finding them, and matching before and after they ran.</summary>
public static class SubsearchConditions
{
    /// <summary>Every subsearch condition in the expression, in the order written.</summary>
    public static IEnumerable<SubsearchCondition> Find(SearchExpression expression) => expression switch
    {
        SubsearchCondition condition => [condition],
        AndExpression and => and.Operands.SelectMany(Find),
        OrExpression or => or.Operands.SelectMany(Find),
        NotExpression not => Find(not.Operand),
        _ => [],
    };

    /// <summary>The fields the expression reads; null when a subsearch's cannot be known before it runs.</summary>
    public static IReadOnlyCollection<string>? FieldsRead(SearchExpression expression) =>
        Find(expression).Any(c => c.FieldsReadOrNull is null) ? null : expression.FieldsRead().ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether the row matches as far as can be told with the subsearches not run yet: false when no subsearch result
    /// could make it match, true when none could stop it, null when it depends on them.
    /// </summary>
    public static bool? MatchesSoFar(SearchExpression expression, Row row)
    {
        switch (expression)
        {
            case SubsearchCondition:
                return null;
            case AndExpression and:
                var allKnown = true;
                foreach (var operand in and.Operands)
                {
                    var verdict = MatchesSoFar(operand, row);
                    if (verdict == false)
                    {
                        return false;
                    }

                    allKnown &= verdict is not null;
                }

                return allKnown ? true : null;
            case OrExpression or:
                var noneKnown = false;
                foreach (var operand in or.Operands)
                {
                    var verdict = MatchesSoFar(operand, row);
                    if (verdict == true)
                    {
                        return true;
                    }

                    noneKnown |= verdict is null;
                }

                return noneKnown ? null : false;
            case NotExpression not:
                return !MatchesSoFar(not.Operand, row);
            default:
                return expression.Matches(row);
        }
    }

    /// <summary>The expression with each subsearch condition replaced by the condition its results stand for.</summary>
    public static SearchExpression Bind(SearchExpression expression, Func<SubsearchCondition, SearchExpression> resolved) => expression switch
    {
        SubsearchCondition condition => resolved(condition),
        AndExpression and => new AndExpression(and.Operands.Select(o => Bind(o, resolved)).ToList()),
        OrExpression or => new OrExpression(or.Operands.Select(o => Bind(o, resolved)).ToList()),
        NotExpression not => new NotExpression(Bind(not.Operand, resolved)),
        _ => expression,
    };
}
