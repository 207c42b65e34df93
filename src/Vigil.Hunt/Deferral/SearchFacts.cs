using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Hunt.Deferral;

/// <summary>
/// What a compiled search is known to do, remembered so that a later hunt compiles it only when its inputs hold an
/// event it could take: the gates of its parts that take events (the search's own, its subsearches'), and the columns
/// of its result over no event, which has no rows and no warnings. A hunt whose inputs hold no event passing one of
/// those gates gives the search that result, as running it would. Its prefilter requirement (what raw text an event
/// must hold to be parsed for it; null: every event is parsed) stays in the hunt's prefilter, so that the hunt parses,
/// counts and reports the same events as when it runs the search.
/// </summary>
internal sealed record SearchFacts(IReadOnlyList<RememberedGate> Gates, RawRequirement? Prefilter, IReadOnlyList<string> EmptyColumns)
{
    /// <summary>
    /// The facts of a compiled search; null when its compiling cannot wait: it reads no event (inputlookup,
    /// makeresults ...), the gate of a part that takes events asks nothing of them that can be remembered, it gives
    /// warnings over no event, or any of its stages or its subsearches' makes a row over no event (<c>stats count</c>,
    /// an <c>append</c> of a lookup), even one a later stage drops (which it might keep at another time or in another
    /// time zone), or it has a subsearch that reads no event. <paramref name="context"/> is a context its run over no
    /// event may register with (a partition's).
    /// </summary>
    public static SearchFacts? Of(SplPipeline pipeline, Func<string, bool> isVerbatimField, SearchContext context)
    {
        if (!pipeline.ReadsEvents)
        {
            return null;
        }

        var gates = pipeline.PartGates(isVerbatimField).Select(g => new RememberedGate(
            g.Anchors is { } anchors ? [.. anchors] : null,
            g.Dataset,
            g.Metadata is { } metadata && MetadataConditions.CanWrite(metadata) ? metadata : null,
            g.Dataset is not null && g.SharedRowAtoms is { } rows ? [.. rows] : null)).ToList();
        if (gates.Any(g => g.Anchors is null && g.Dataset is null && g.Metadata is null))
        {
            return null;
        }

        // A subsearch that reads no event (a lookup, makeresults) makes rows without events, and so may one over events
        // (stats count): rows a filter may keep or drop by the clock, which a run over no event now cannot vouch for.
        if (!SubsearchesMakeNoRow(pipeline, context))
        {
            return null;
        }

        var (overNoEvent, rowsMade) = pipeline.RunOverNoEvent(context);
        return !rowsMade && overNoEvent is { Rows.Count: 0, Warnings.Count: 0, Failure: null }
            ? new SearchFacts(gates, EventPass.PrefilterRequirement(pipeline, isVerbatimField), [.. overNoEvent.Columns])
            : null;
    }

    private static bool SubsearchesMakeNoRow(SplPipeline pipeline, SearchContext context) =>
        pipeline.Subsearches.All(s => s.ReadsEvents && !s.RunOverNoEvent(context).RowsMade && SubsearchesMakeNoRow(s, context));
}

/// <summary>
/// What one gate asks of an event, less than all it asks but never more: literals of which the raw text holds one
/// (null: none said; empty: no event will do), the data model dataset the event is in (null: none) with what one of
/// its rows there must hold (tstats' WHERE as <see cref="RowAtom"/>s; null: nothing), and the test its source and
/// sourcetype pass (null: none; a Zscaler or Okta search asks only that of an event).
/// </summary>
internal sealed record RememberedGate(
    IReadOnlyList<string>? Anchors,
    (string Model, string Dataset)? Dataset,
    SearchExpression? Metadata = null,
    IReadOnlyList<RowAtom>? DatasetRows = null);
