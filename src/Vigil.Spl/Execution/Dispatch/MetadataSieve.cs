using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<(string? Source, string? Sourcetype), T[]> _byPair = new();

    public MetadataSieve(IReadOnlyList<T> items, Func<T, SearchExpression> searchOf)
    {
        _items = items;
        _metadata = items.Select(item => SearchGate.MetadataConjuncts(searchOf(item))).ToArray();
    }

    /// <summary>The searches an event with the row's source and sourcetype could match.</summary>
    public IReadOnlyList<T> For(Row row)
    {
        var source = row[FieldKey.Source];
        var sourcetype = row[FieldKey.Sourcetype];
        if (source.Kind == ValueKind.Multi || sourcetype.Kind == ValueKind.Multi)
        {
            // A multivalue would not fit one key: every search is tried.
            return _items;
        }

        var pair = (Source: source.IsNull ? null : source.ToString(), Sourcetype: sourcetype.IsNull ? null : sourcetype.ToString());

        // Events come in runs of one pair (one file, one channel): the last pair answers most calls without a hash.
        if (_last is { } last && last.Source == pair.Source && last.Sourcetype == pair.Sourcetype)
        {
            return last.Items;
        }

        var items = _byPair.GetOrAdd(pair, Sort);
        _last = new LastPair(pair.Source, pair.Sourcetype, items);
        return items;
    }

    // Replaced whole, so a thread reading it sees one pair and its searches.
    private LastPair? _last;

    private sealed record LastPair(string? Source, string? Sourcetype, T[] Items);

    private T[] Sort((string? Source, string? Sourcetype) pair)
    {
        var metadataRow = new Row(2)
        {
            ["source"] = Value.FromString(pair.Source),
            ["sourcetype"] = Value.FromString(pair.Sourcetype),
        };
        return _items.Where((_, i) => _metadata[i] is not { } metadata || metadata.Matches(metadataRow)).ToArray();
    }
}
