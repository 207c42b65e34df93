namespace Vigil.Spl.Syntax;

/// <summary>
/// What a row must hold for a search expression to match it: one of these values, exactly but for case, in its field
/// (a value of a multivalue counts), as <c>field=value</c> compares; or, for a value with wildcards
/// (<c>field=*text*</c>), a field value holding the pattern's longest run of text, as every value the pattern matches
/// does. Worked out from <c>field=value</c> and <c>IN</c> (networks aside): one conjunct's atoms for AND (the fewest,
/// exact ones first), every alternative's for OR. An empty list: no row matches.
/// </summary>
internal sealed class RowRequirement
{
    private RowRequirement(IReadOnlyList<RowAtom> anyOf) => AnyOf = anyOf;

    public IReadOnlyList<RowAtom> AnyOf { get; }

    /// <summary>The requirement of <paramref name="expression"/>, over any fields; null when nothing can be said (any row may match).</summary>
    public static RowRequirement? Of(SearchExpression expression) => AtomsOf(expression, field: null, contains: true) is { } atoms ? new(atoms) : null;

    /// <summary>
    /// The values of <paramref name="field"/> of which a row matching <paramref name="expression"/> holds one; null
    /// when nothing can be said of that field (the row may lack it and still match).
    /// </summary>
    public static IReadOnlyList<string>? ValuesOn(SearchExpression expression, string field) =>
        AtomsOf(expression, field, contains: false)?.Select(atom => atom.Text).ToList();

    // With a field, only comparisons of that field count; without, any field's. Contains atoms only when asked.
    private static List<RowAtom>? AtomsOf(SearchExpression expression, string? field, bool contains)
    {
        switch (expression)
        {
            case FieldComparison { Operator: SearchOperator.Equal } comparison when field is null || comparison.Field == field:
                return AtomOf(comparison, contains) is { } only ? [only] : null;
            case FieldInExpression list when field is null || list.Field == field:
                var alternatives = new List<RowAtom>();
                foreach (var alternative in list.Alternatives)
                {
                    if (AtomOf(alternative, contains) is not { } atom)
                    {
                        return null;
                    }

                    alternatives.Add(atom);
                }

                return alternatives;
            case AndExpression all:
                // Every conjunct must hold: any one's atoms will do. The fewest let the fewest rows through; among as
                // many, exact values are looked up where text must be searched for, and longer text is rarer.
                List<RowAtom>? best = null;
                foreach (var operand in all.Operands)
                {
                    if (AtomsOf(operand, field, contains) is { } atoms && (best is null || IsBetter(atoms, best)))
                    {
                        best = atoms;
                    }
                }

                return best;
            case OrExpression any:
                var union = new List<RowAtom>();
                foreach (var operand in any.Operands)
                {
                    if (AtomsOf(operand, field, contains) is not { } atoms)
                    {
                        return null;
                    }

                    union.AddRange(atoms);
                }

                return union;
            case MatchNoneExpression:
                return [];
            default:
                return null;
        }
    }

    /// <summary>What one <c>field=value</c> requires: its value exactly, or the longest run of text of its pattern.</summary>
    private static RowAtom? AtomOf(FieldComparison comparison, bool contains)
    {
        if (comparison.Operator != SearchOperator.Equal)
        {
            return null;
        }

        if (comparison.IsExact)
        {
            return new RowAtom(comparison.Field, comparison.Value, Contains: false);
        }

        // A network compares addresses, not text; only stars match anything; the scanner finds printable ASCII text.
        if (!contains || !comparison.Pattern.HasWildcard || comparison.Pattern.MatchesAnything || comparison.IsNetwork)
        {
            return null;
        }

        var longest = comparison.Value.Split('*').MaxBy(part => part.Length)!;
        return longest.Length > 0 && longest.All(c => c is >= ' ' and < (char)127) ? new RowAtom(comparison.Field, longest, Contains: true) : null;
    }

    private static bool IsBetter(List<RowAtom> candidate, List<RowAtom> best)
    {
        if (candidate.Count != best.Count)
        {
            return candidate.Count < best.Count;
        }

        var (candidateContains, bestContains) = (candidate.Count(a => a.Contains), best.Count(a => a.Contains));
        return candidateContains != bestContains
            ? candidateContains < bestContains
            : candidate.Count > 0 && candidate.Min(a => a.Text.Length) > best.Min(a => a.Text.Length);
    }
}

/// <summary>One way to meet a <see cref="RowRequirement"/>: the field holds the text exactly (but for case), or holds it within.</summary>
public readonly record struct RowAtom(string Field, string Text, bool Contains);
