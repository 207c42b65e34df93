using System.Collections.Concurrent;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// Something worked out once per pair of source and sourcetype (Splunk's index-time fields), looked up by an event's
/// row. Events come in runs of one pair (one file, one channel): the last pair answers most lookups without a hash. A
/// row whose source or sourcetype is a multivalue fits no one pair: it gets what is made for none. Safe to use from
/// several threads.
/// </summary>
internal sealed class ByMetadataPair<T>
{
    /// <summary>
    /// Inputs give few pairs (one per channel); past this many, what was made is dropped and made again as met, so a
    /// pathological input cannot grow it.
    /// </summary>
    public const int MaxPairs = 10_000;

    private readonly Func<Row?, T> _make;
    private readonly ConcurrentDictionary<(string? Source, string? Sourcetype), T> _byPair = new();
    private readonly T _forNone;

    // Replaced whole, so a thread reading it sees one pair and what was made for it.
    private LastPair? _last;

    /// <param name="make">
    /// Makes the value for a row holding only a pair's source and sourcetype (either absent when the event lacks it), or
    /// for null: for any pair (made at once).
    /// </param>
    public ByMetadataPair(Func<Row?, T> make)
    {
        _make = make;
        _forNone = make(null);
    }

    /// <summary>How many pairs have what was made for them kept.</summary>
    internal int Count => _byPair.Count;

    /// <summary>What was made for the row's source and sourcetype.</summary>
    public T For(Row row)
    {
        var source = row[FieldKey.Source];
        var sourcetype = row[FieldKey.Sourcetype];
        if (source.Kind == ValueKind.Multi || sourcetype.Kind == ValueKind.Multi)
        {
            return _forNone;
        }

        var pair = (Source: source.IsNull ? null : source.ToString(), Sourcetype: sourcetype.IsNull ? null : sourcetype.ToString());
        if (_last is { } last && last.Source == pair.Source && last.Sourcetype == pair.Sourcetype)
        {
            return last.Made;
        }

        var made = _byPair.TryGetValue(pair, out var found) ? found : MakeFor(pair);
        _last = new LastPair(pair.Source, pair.Sourcetype, made);
        return made;
    }

    private T MakeFor((string? Source, string? Sourcetype) pair)
    {
        if (_byPair.Count >= MaxPairs)
        {
            _byPair.Clear();
        }

        return _byPair.GetOrAdd(pair, _make(MetadataRow(pair.Source, pair.Sourcetype)));
    }

    private static Row MetadataRow(string? source, string? sourcetype) => new(2)
    {
        ["source"] = Value.FromString(source),
        ["sourcetype"] = Value.FromString(sourcetype),
    };

    private sealed record LastPair(string? Source, string? Sourcetype, T Made);
}
