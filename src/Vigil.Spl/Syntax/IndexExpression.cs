using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>
/// <c>index=risk</c>: Vigil has one index, its risk store, whose rows carry <c>index=risk</c>; the events of the files
/// it is given carry no index, so they never match. Any other index, a wildcard, <c>index!=</c>, <c>index IN</c> and
/// <c>NOT index=</c> are refused: they would ask about Splunk indexes Vigil does not have.
/// </summary>
internal sealed class IndexExpression : SearchExpression
{
    public const string RiskIndex = "risk";

    private readonly FieldComparison _test = new("index", SearchOperator.Equal, RiskIndex);

    private IndexExpression()
    {
    }

    /// <summary>The test for <c>index</c> compared with a value (<paramref name="written"/> as the search has it), or the refusal naming it.</summary>
    public static IndexExpression Parse(SearchOperator op, string value, bool negated, int position, string written)
    {
        if (op != SearchOperator.Equal || negated || !value.Equals(RiskIndex, StringComparison.OrdinalIgnoreCase))
        {
            throw Refusal(position, written.Length, negated ? "NOT " + written : written);
        }

        return new IndexExpression();
    }

    public static SplSyntaxException Refusal(int position, int length, string written) =>
        new(position, length, $"{written} is not supported: Vigil searches the files it is given and its risk store, whose one index is written index={RiskIndex}",
            SplDiagnosticId.UnsupportedFeature, "index=");

    /// <summary>Every index test in the expression, subsearches aside.</summary>
    public static IEnumerable<IndexExpression> Find(SearchExpression expression) => expression switch
    {
        IndexExpression index => [index],
        AndExpression and => and.Operands.SelectMany(Find),
        OrExpression or => or.Operands.SelectMany(Find),
        NotExpression not => Find(not.Operand),
        _ => [],
    };

    public override bool Matches(Row row) => _test.Matches(row);

    public override IEnumerable<string> FieldsRead() => ["index"];

    // The index is no text of the event: nothing can be asked of its raw text.
    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => null;
}
