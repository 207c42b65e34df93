using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// A search expression as it stands for the events of one source and sourcetype: every part that reads only those two
/// (the same parts <see cref="SearchGate.Metadata"/> is made of, at any depth) is decided for the pair and folded into
/// its AND, OR or NOT. A data model's constraint ORs the event types of every channel the add-ons know; for a Security
/// event what is left is the Security alternatives' tests of EventCode. The folded expression matches exactly the rows
/// of that source and sourcetype the expression matches.
/// </summary>
internal static class MetadataFolding
{
    /// <summary>The expression for rows whose source and sourcetype are those of <paramref name="metadataRow"/>.</summary>
    public static SearchExpression Fold(SearchExpression expression, Row metadataRow)
    {
        switch (expression)
        {
            case AndExpression and:
                // Nothing matches once one operand matches nothing; one that matches everything is dropped.
                return Junction(and, and.Operands, metadataRow, MatchNoneExpression.Instance, MatchAllExpression.Instance, kept => new AndExpression(kept));

            case OrExpression or:
                return Junction(or, or.Operands, metadataRow, MatchAllExpression.Instance, MatchNoneExpression.Instance, kept => new OrExpression(kept));

            case NotExpression not:
                {
                    var folded = Fold(not.Operand, metadataRow);
                    return folded switch
                    {
                        MatchAllExpression => MatchNoneExpression.Instance,
                        MatchNoneExpression => MatchAllExpression.Instance,
                        _ when ReferenceEquals(folded, not.Operand) => not,
                        _ => new NotExpression(folded),
                    };
                }

            default:
                return SearchGate.ReadsOnlyMetadata(expression)
                    ? expression.Matches(metadataRow) ? MatchAllExpression.Instance : MatchNoneExpression.Instance
                    : expression;
        }
    }

    /// <summary>
    /// An AND or OR folded: an operand that folds to <paramref name="decides"/> decides the whole, one that folds to
    /// <paramref name="dropped"/> leaves it, the rest stay; nothing folded keeps the expression itself.
    /// </summary>
    private static SearchExpression Junction(
        SearchExpression expression, IReadOnlyList<SearchExpression> operands, Row metadataRow, SearchExpression decides, SearchExpression dropped,
        Func<List<SearchExpression>, SearchExpression> make)
    {
        var kept = new List<SearchExpression>(operands.Count);
        foreach (var operand in operands)
        {
            var folded = Fold(operand, metadataRow);
            if (folded.GetType() == decides.GetType())
            {
                return decides;
            }

            if (folded.GetType() != dropped.GetType())
            {
                kept.Add(folded);
            }
        }

        return kept.Count switch
        {
            0 => dropped,
            1 => kept[0],
            _ when Same(kept, operands) => expression,
            _ => make(kept),
        };
    }

    // Nothing folded: the expression itself is kept, with the index its OR has made.
    private static bool Same(List<SearchExpression> kept, IReadOnlyList<SearchExpression> operands)
    {
        if (kept.Count != operands.Count)
        {
            return false;
        }

        for (var i = 0; i < kept.Count; i++)
        {
            if (!ReferenceEquals(kept[i], operands[i]))
            {
                return false;
            }
        }

        return true;
    }
}
