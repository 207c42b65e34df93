using Vigil.Spl.DataModels;
using Vigil.Spl.Definitions;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// What an event must have for one search to possibly take it, in three tests of rising cost: its source and
/// sourcetype (decided once per pair), literal text in its raw form (all searches' literals found in one scan), and a
/// test shared between searches (data model membership, decided once per event for all tstats over a dataset). A gate
/// only ever rules out events the search could not match, so dispatching by gates changes no result.
/// </summary>
public sealed class SearchGate
{
    /// <summary>The fields decided once per pair of values: Splunk's index-time source and sourcetype.</summary>
    internal static readonly string[] MetadataFields = ["source", "sourcetype"];

    /// <summary>A gate every event passes (a search whose needs cannot be told: it sees every event).</summary>
    public static SearchGate Open { get; } = new(null, null, null);

    /// <summary>A gate no event passes (a search of the risk index, which the files' events are not in).</summary>
    public static SearchGate Closed { get; } = new(null, [], null);

    /// <summary>
    /// The gate of the events in a data model dataset, named as <see cref="Dataset"/> names it (a search's gate
    /// remembered without the search), compiled with <paramref name="definitions"/> once for every search over it, as
    /// tstats compiles it; open when those definitions cannot compile it.
    /// </summary>
    public static SearchGate OfDataset((string Model, string Dataset) dataset, SplDefinitions definitions)
    {
        try
        {
            var scope = new SearchScope(definitions);
            var model = DatasetResolver.Model(scope, dataset.Model, 0, 0);
            return new(null, null, new DatasetMembership(DatasetResolver.Dataset(scope, model, dataset.Dataset, 0, 0)));
        }
        catch (Exception e) when (e is SplSyntaxException or SplCompileException)
        {
            return Open;
        }
    }

    internal SearchGate(SearchExpression? metadata, IReadOnlyList<string>? anchors, SharedEventTest? shared, RowRequirement? sharedRows = null)
    {
        Metadata = metadata;
        Anchors = anchors;
        Shared = shared;
        SharedRows = shared is null ? null : sharedRows;
    }

    /// <summary>Conjuncts of the search that read only source and sourcetype; null when there are none.</summary>
    public SearchExpression? Metadata { get; }

    /// <summary>The search takes no event whose raw text holds none of these; null when that cannot be said.</summary>
    public IReadOnlyList<string>? Anchors { get; }

    internal SharedEventTest? Shared { get; }

    /// <summary>
    /// What one of the rows the shared test makes must hold for the search to take the event (tstats' WHERE); null:
    /// nothing. Tested for gates that have no literal anchors (a tstats gate has none): an anchored gate is offered
    /// every event with its literals that passes the shared test.
    /// </summary>
    internal RowRequirement? SharedRows { get; }

    /// <summary>What <see cref="SharedRows"/> asks, atom by atom: one of them must hold in a row (null: nothing is asked).</summary>
    public IReadOnlyList<RowAtom>? SharedRowAtoms => SharedRows?.AnyOf;

    /// <summary>What gates with the same shared test have in common (a data model dataset); null for none.</summary>
    public object? SharedKey => Shared?.Key;

    /// <summary>The data model dataset whose events alone the search can take, by name; null when there is none.</summary>
    public (string Model, string Dataset)? Dataset =>
        Shared is DatasetMembership membership ? (membership.Dataset.Model.Name, membership.Dataset.Dataset.Name) : null;

    internal bool IsOpen => Metadata is null && Anchors is null && Shared is null;

    internal bool IsClosed => Anchors is { Count: 0 };

    /// <summary>The gate of a search; closed when no raw text can meet its requirement (nothing can match it).</summary>
    internal static SearchGate For(SearchExpression? metadata, RawRequirement? requirement, SharedEventTest? shared, RowRequirement? sharedRows = null) =>
        requirement is { NeverSatisfied: true } ? Closed : new(metadata, AnchorsOf(requirement), shared, sharedRows);

    /// <summary>
    /// Literals of which a text meeting the requirement holds at least one: one literal for "contains", the smallest
    /// set among the parts of "all of", the union for "any of" (none when one alternative has no literal).
    /// </summary>
    internal static IReadOnlyList<string>? AnchorsOf(RawRequirement? requirement)
    {
        switch (requirement)
        {
            case RawRequirement.Contains contains:
                return [contains.Literal];
            case RawRequirement.All all:
                IReadOnlyList<string>? best = null;
                foreach (var part in all.Parts)
                {
                    if (AnchorsOf(part) is { } anchors && (best is null || IsBetter(anchors, best)))
                    {
                        best = anchors;
                    }
                }

                return best;
            case RawRequirement.Any any:
                var union = new List<string>();
                foreach (var part in any.Parts)
                {
                    // An alternative no text meets lets no event through: it needs no literal.
                    if (part.NeverSatisfied)
                    {
                        continue;
                    }

                    if (AnchorsOf(part) is not { } anchors)
                    {
                        return null;
                    }

                    union.AddRange(anchors);
                }

                return union.Count == 0 ? null : union.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            default:
                return null;
        }
    }

    /// <summary>Fewer literals rule out more events; among as many, longer ones are rarer.</summary>
    private static bool IsBetter(IReadOnlyList<string> candidate, IReadOnlyList<string> best) =>
        candidate.Count < best.Count || (candidate.Count == best.Count && candidate.Min(a => a.Length) > best.Min(a => a.Length));

    /// <summary>The top-level conjuncts reading only source and sourcetype, as one expression.</summary>
    internal static SearchExpression? MetadataConjuncts(SearchExpression expression)
    {
        var conjuncts = expression is AndExpression and ? and.Operands : [expression];
        var metadata = conjuncts.Where(ReadsOnlyMetadata).ToList();
        return metadata.Count switch
        {
            0 => null,
            1 => metadata[0],
            _ => new AndExpression(metadata),
        };
    }

    internal static bool ReadsOnlyMetadata(SearchExpression expression)
    {
        var read = expression.FieldsRead().ToList();
        return read.Count > 0 && read.All(f => MetadataFields.Contains(f, StringComparer.Ordinal))
            && !SubsearchConditions.Find(expression).Any() && !TimeWindowExpression.Any(expression);
    }

    /// <summary>The rows the event makes under the gate's shared test (its rows in the dataset); none when it fails or there is none.</summary>
    public IReadOnlyList<Row> SharedRowsOf(Row eventRow, SearchContext context) => Shared?.RowsOf(eventRow, context) ?? [];

    /// <summary>Makes the rows <see cref="SharedRowsOf"/> gives in <paramref name="context"/> hold <paramref name="fields"/> (named as tstats names them).</summary>
    public void WantShared(IEnumerable<string> fields, SearchContext context) => Shared?.Want(fields, context);

    /// <summary>Whether events with this source and sourcetype can pass.</summary>
    internal bool AdmitsMetadata(Row metadataRow) => Metadata is null || Metadata.Matches(metadataRow);
}

/// <summary>Whether the event makes rows of a data model dataset: once per event for every search over the dataset.</summary>
internal sealed class DatasetMembership(DataModels.CompiledDataset dataset) : SharedEventTest
{
    public DataModels.CompiledDataset Dataset => dataset;

    public override object Key => dataset;

    public override bool Passes(Row eventRow, SearchContext context) => RowsOf(eventRow, context).Count > 0;

    public override IReadOnlyList<Row> RowsOf(Row eventRow, SearchContext context) => context.ProjectorFor(dataset).Project(eventRow);

    // The projection holds the fields the runs over the dataset asked for; a sieve's are added to them.
    public override void Want(IEnumerable<string> fields, SearchContext context) => context.ProjectorFor(dataset).Wanting(fields);
}

/// <summary>A test several searches share, decided once per event for all of them (same <see cref="Key"/>).</summary>
internal abstract class SharedEventTest
{
    public abstract object Key { get; }

    public abstract bool Passes(Row eventRow, SearchContext context);

    /// <summary>The rows the event makes under the test (none when it fails), for <see cref="SearchGate.SharedRows"/> to be tested on.</summary>
    public abstract IReadOnlyList<Row> RowsOf(Row eventRow, SearchContext context);

    /// <summary>Makes the rows <see cref="RowsOf"/> gives in <paramref name="context"/> hold <paramref name="fields"/>, which a sieve reads.</summary>
    public abstract void Want(IEnumerable<string> fields, SearchContext context);
}
