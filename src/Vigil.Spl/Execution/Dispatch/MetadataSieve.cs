using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// Searches sorted once per pair of source and sourcetype into those that could match an event of that pair: a search
/// whose top-level conjuncts over source and sourcetype reject the pair is left out, as dispatch leaves out searches
/// (a Windows Security event never needs the test of an Okta event type). The order of the searches is kept. Safe to
/// use from several threads.
/// </summary>
public sealed class MetadataSieve<T>
{
    private readonly IReadOnlyList<T> _items;
    private readonly SearchExpression?[] _metadata;
    private readonly ByMetadataPair<IReadOnlyList<T>> _byPair;

    public MetadataSieve(IReadOnlyList<T> items, Func<T, SearchExpression> searchOf)
    {
        _items = items;
        _metadata = items.Select(item => SearchGate.MetadataConjuncts(searchOf(item))).ToArray();

        // A multivalue source or sourcetype fits no one pair: every search is tried.
        _byPair = new(metadataRow => metadataRow is null ? _items : Sort(metadataRow));
    }

    /// <summary>The searches an event with the row's source and sourcetype could match.</summary>
    public IReadOnlyList<T> For(Row row) => _byPair.For(row);

    private T[] Sort(Row metadataRow) =>
        _items.Where((_, i) => _metadata[i] is not { } metadata || metadata.Matches(metadataRow)).ToArray();
}
