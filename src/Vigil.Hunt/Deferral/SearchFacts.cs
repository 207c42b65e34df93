using Vigil.Spl.Execution;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// What a compiled search is known to do, remembered so that a later hunt compiles it only when its inputs hold an
/// event it could take: the gates of its parts that take events (the search's own, its subsearches'), and the columns
/// of its result over no event, which has no rows and no warnings. A hunt whose inputs hold no event passing one of
/// those gates gives the search that result, as running it would.
/// </summary>
internal sealed record SearchFacts(IReadOnlyList<RememberedGate> Gates, IReadOnlyList<string> EmptyColumns)
{
    /// <summary>
    /// The facts of a compiled search; null when its compiling cannot wait: it reads no event (inputlookup,
    /// makeresults ...), the gate of a part that takes events asks nothing of them, or it gives rows or warnings over
    /// no event (<c>stats count</c>, an <c>append</c> of a lookup). Subsearches over lookups give what they give over
    /// the same tables, whose stamps the fingerprint holds. <paramref name="context"/> is a context its run over no
    /// event may register with (a partition's).
    /// </summary>
    public static SearchFacts? Of(SplPipeline pipeline, Func<string, bool> isVerbatimField, SearchContext context)
    {
        if (!pipeline.ReadsEvents)
        {
            return null;
        }

        var gates = pipeline.PartGates(isVerbatimField).Select(g => new RememberedGate(g.Anchors is { } anchors ? [.. anchors] : null, g.Dataset)).ToList();
        if (gates.Any(g => g.Anchors is null && g.Dataset is null))
        {
            return null;
        }

        var overNoEvent = pipeline.Start(context).Complete();
        return overNoEvent is { Rows.Count: 0, Warnings.Count: 0, Failure: null } ? new SearchFacts(gates, [.. overNoEvent.Columns]) : null;
    }
}

/// <summary>
/// What one gate asks of an event, less than all it asks but never more: literals of which the raw text holds one
/// (null: none said; empty: no event will do), and the data model dataset the event is in (null: none).
/// </summary>
internal sealed record RememberedGate(IReadOnlyList<string>? Anchors, (string Model, string Dataset)? Dataset);
