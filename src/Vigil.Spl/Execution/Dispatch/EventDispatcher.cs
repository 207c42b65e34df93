using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// Tells, for each event, which of many searches could take it (by their <see cref="SearchGate"/>s), so an event
/// meets only those: the gates' source/sourcetype tests are decided once per pair and cached, every gate's literals
/// are found in one scan of the raw text, and shared tests run once per event per key. Not thread-safe: one per
/// stream of events.
/// </summary>
public sealed class EventDispatcher
{
    // Inputs give few source/sourcetype pairs (one per channel); a bound keeps a pathological input from growing it.
    private const int MaxMetadataPairsCached = 10_000;

    // Cached so that scanning allocates no delegate per event.
    private static readonly FoundLiteral<HitState> MarkHitOf = MarkHit;

    private readonly IReadOnlyList<SearchGate> _gates;
    private readonly LiteralScanner? _scanner;
    private readonly int[]?[] _anchorIds;
    private readonly int[] _sharedIds;
    private readonly SharedEventTest?[] _sharedTests;
    private readonly Dictionary<(string?, string?), Admitted> _byMetadata = [];
    private readonly List<int> _candidates = [];
    private readonly int[] _hitStamp;
    private readonly int[] _sharedStamp;
    private readonly bool[] _sharedPassed;
    private int _stamp;

    public EventDispatcher(IReadOnlyList<SearchGate> gates)
    {
        _gates = gates;
        var literalIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var sharedIds = new Dictionary<object, int>();
        _anchorIds = new int[]?[gates.Count];
        _sharedIds = new int[gates.Count];
        var sharedTests = new List<SharedEventTest>();
        for (var i = 0; i < gates.Count; i++)
        {
            if (gates[i].Anchors is { } anchors)
            {
                _anchorIds[i] = anchors.Select(a => literalIds.TryGetValue(a, out var id) ? id : literalIds[a] = literalIds.Count).Distinct().ToArray();
            }

            _sharedIds[i] = -1;
            if (gates[i].Shared is { } shared)
            {
                if (!sharedIds.TryGetValue(shared.Key, out var id))
                {
                    id = sharedIds[shared.Key] = sharedTests.Count;
                    sharedTests.Add(shared);
                }

                _sharedIds[i] = id;
            }
        }

        _scanner = literalIds.Count == 0 ? null : new LiteralScanner(literalIds.OrderBy(p => p.Value).Select(p => p.Key).ToList());
        _hitStamp = new int[literalIds.Count];
        _sharedTests = [.. sharedTests];
        _sharedStamp = new int[sharedTests.Count];
        _sharedPassed = new bool[sharedTests.Count];
    }

    /// <summary>
    /// The indexes (ascending) of the gates the event passes. <paramref name="raw"/> is its raw text and
    /// <paramref name="decodedRaw"/> the same text with character references or escapes decoded when it holds any
    /// (a literal in either counts, as the readers' prefilter has it). The list is reused by the next call.
    /// </summary>
    public IReadOnlyList<int> Candidates(Row row, string? raw, string? decodedRaw, SearchContext context)
    {
        var admitted = AdmittedFor(row);
        _candidates.Clear();
        if (admitted.Gates.Length == 0)
        {
            return _candidates;
        }

        _stamp++;
        if (admitted.NeedsScan && _scanner is not null)
        {
            var state = new HitState(_hitStamp, _stamp);
            _scanner.Scan(raw.AsSpan(), ref state, MarkHitOf);
            if (decodedRaw is not null)
            {
                _scanner.Scan(decodedRaw.AsSpan(), ref state, MarkHitOf);
            }
        }

        foreach (var gate in admitted.Gates)
        {
            if (_anchorIds[gate] is { } anchors && !AnyHit(anchors))
            {
                continue;
            }

            if (_sharedIds[gate] is var shared and >= 0 && !SharedPasses(shared, row, context))
            {
                continue;
            }

            _candidates.Add(gate);
        }

        return _candidates;
    }

    private static void MarkHit(ref HitState state, int literal) => state.Hits[literal] = state.Stamp;

    private bool AnyHit(int[] anchors)
    {
        foreach (var id in anchors)
        {
            if (_hitStamp[id] == _stamp)
            {
                return true;
            }
        }

        return false;
    }

    private bool SharedPasses(int id, Row row, SearchContext context)
    {
        if (_sharedStamp[id] != _stamp)
        {
            _sharedStamp[id] = _stamp;
            _sharedPassed[id] = _sharedTests[id]!.Passes(row, context);
        }

        return _sharedPassed[id];
    }

    private Admitted AdmittedFor(Row row)
    {
        var source = row["source"].IsNull ? null : row["source"].ToString();
        var sourcetype = row["sourcetype"].IsNull ? null : row["sourcetype"].ToString();
        if (_byMetadata.TryGetValue((source, sourcetype), out var admitted))
        {
            return admitted;
        }

        var metadata = new Row(2);
        if (source is not null)
        {
            metadata["source"] = row["source"];
        }

        if (sourcetype is not null)
        {
            metadata["sourcetype"] = row["sourcetype"];
        }

        if (_byMetadata.Count >= MaxMetadataPairsCached)
        {
            _byMetadata.Clear();
        }

        var gates = Enumerable.Range(0, _gates.Count).Where(i => _gates[i].AdmitsMetadata(metadata)).ToArray();
        admitted = new Admitted(gates, gates.Any(g => _anchorIds[g] is not null));
        _byMetadata[(source, sourcetype)] = admitted;
        return admitted;
    }

    private sealed record Admitted(int[] Gates, bool NeedsScan);

    private readonly record struct HitState(int[] Hits, int Stamp);
}
