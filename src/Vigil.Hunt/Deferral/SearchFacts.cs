using Vigil.Spl.Execution;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// What a compiled search is known to do, remembered so that a later hunt compiles it only when its inputs hold an
/// event it could take: what its gate asks of an event (the literals of which the raw text must hold one, null when
/// it asks none, an empty list when no event will do; the data model dataset the event must be in, null when none),
/// and the columns of its result over no event, which has no rows and no warnings. A hunt whose inputs hold no event
/// passing that gate gives the search that result, as running it would.
/// </summary>
internal sealed record SearchFacts(IReadOnlyList<string>? Anchors, (string Model, string Dataset)? Dataset, IReadOnlyList<string> EmptyColumns)
{
    /// <summary>
    /// The facts of a compiled search; null when its compiling cannot wait: it reads no event (inputlookup,
    /// makeresults ...), its gate asks nothing of an event, or it gives rows or warnings over no event
    /// (<c>stats count</c>, an <c>append</c> of a lookup). A search with subsearches has the gate of all its parts that
    /// take events, so no event passing it means none of them takes one; its subsearches over lookups give what they
    /// give over the same tables (whose stamps the fingerprint holds). <paramref name="context"/> is a context its run
    /// over no event may register with (a partition's).
    /// </summary>
    public static SearchFacts? Of(SplPipeline pipeline, Func<string, bool> isVerbatimField, SearchContext context)
    {
        if (!pipeline.ReadsEvents)
        {
            return null;
        }

        var gate = pipeline.Gate(isVerbatimField);
        if (gate.Anchors is null && gate.Dataset is null)
        {
            return null;
        }

        var overNoEvent = pipeline.Start(context).Complete();
        return overNoEvent is { Rows.Count: 0, Warnings.Count: 0, Failure: null }
            ? new SearchFacts(gate.Anchors is { } anchors ? [.. anchors] : null, gate.Dataset, [.. overNoEvent.Columns])
            : null;
    }
}
