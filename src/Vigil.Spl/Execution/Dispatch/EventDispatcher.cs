using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// Tells, for each event, which of many searches could take it (by their <see cref="SearchGate"/>s), so an event
/// meets only those: the gates' source/sourcetype tests are decided once per pair and cached, every gate's literals
/// are found in one scan of the raw text (by a <see cref="LiteralTable"/> that dispatchers may share, so that the scan
/// is made once for all of them), and shared tests run once per event per key. The gates a pair admits are indexed by
/// what else they ask (nothing, a shared test, each of their literals), so an event's dispatch costs what it holds
/// (its literals, the shared tests of its pair), not a look at every search. The searches over a shared test's rows
/// (tstats over a dataset) are sieved by what their WHERE requires of those rows (<see cref="RowSieve"/>), so a row
/// meets only the searches whose requirement it meets. Not thread-safe: one per stream of events, with one context.
/// </summary>
public sealed class EventDispatcher
{

    private readonly IReadOnlyList<SearchGate> _gates;
    private readonly LiteralTable _literals;
    private EventLiterals? _ownScan;
    private readonly int[]?[] _anchorIds;
    private readonly int[] _sharedIds;
    private readonly SharedEventTest?[] _sharedTests;
    private readonly Dictionary<(string?, string?), Admitted> _byMetadata = [];
    private readonly List<int> _candidates = [];

    // Per shared test, the sieves made so far, by the gates they sieve.
    private readonly Dictionary<int, List<(int[] Gates, RowSieve? Sieve)>> _sieves = [];
    private readonly int[] _sharedStamp;
    private readonly bool[] _sharedPassed;

    // Per gate, the event (by stamp) it was last taken for: one anchored on several literals the event holds is taken once.
    private readonly int[] _taken;
    private int _stamp;

    /// <param name="gates">The searches' gates, in the order candidates are numbered.</param>
    /// <param name="literals">The literal table the scans are made with: one holding at least these gates' literals,
    /// shared with other dispatchers; null for one of their own.</param>
    public EventDispatcher(IReadOnlyList<SearchGate> gates, LiteralTable? literals = null)
    {
        _gates = gates;
        _literals = literals ?? new LiteralTable(gates);
        var sharedIds = new Dictionary<object, int>();
        _anchorIds = new int[]?[gates.Count];
        _sharedIds = new int[gates.Count];
        var sharedTests = new List<SharedEventTest>();
        for (var i = 0; i < gates.Count; i++)
        {
            // A gate with a literal the shared table lacks is not tested by literals: a gate only rules events out.
            if (gates[i].Anchors is { } anchors && _literals.IdsOf(anchors) is { } ids)
            {
                _anchorIds[i] = ids;
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

        _sharedTests = [.. sharedTests];
        _taken = new int[gates.Count];
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
        // Made when first needed: dispatchers sharing a table are asked through the other overload only.
        _ownScan ??= new EventLiterals(_literals);
        _ownScan.Set(raw, decodedRaw);
        return Candidates(row, _ownScan, context);
    }

    /// <summary>
    /// The same, the literals found taken from <paramref name="hits"/> (asked only when a gate the event's source
    /// admits has literals), scanned with the table this dispatcher was made with.
    /// </summary>
    public IReadOnlyList<int> Candidates(Row row, ILiteralHits hits, SearchContext context)
    {
        var admitted = AdmittedFor(row, context);
        _candidates.Clear();
        _stamp++;
        _candidates.AddRange(admitted.Open);
        foreach (var (shared, gates, sieve) in admitted.BySharedTest)
        {
            if (!SharedPasses(shared, row, context))
            {
                continue;
            }

            if (sieve is null || SharedRows(shared, row, context) is not { } rows)
            {
                _candidates.AddRange(gates);
            }
            else
            {
                sieve.AddPassing(rows, _candidates);
            }
        }

        if (admitted.ByLiteral.Count > 0)
        {
            // Only the literals the event holds lead to gates: a gate anchored on several is taken once.
            var found = hits.Hits();
            for (var word = 0; word < found.Length; word++)
            {
                for (var bits = found[word]; bits != 0; bits &= bits - 1)
                {
                    if (admitted.ByLiteral.TryGetValue((word << 6) | BitOperations.TrailingZeroCount(bits), out var gates))
                    {
                        AddAnchored(gates, row, context);
                    }
                }
            }
        }

        // Ascending, as the gates were given: a search's parts, and the searches, are offered an event in their order.
        CollectionsMarshal.AsSpan(_candidates).Sort();
        return _candidates;
    }

    private void AddAnchored(int[] gates, Row row, SearchContext context)
    {
        foreach (var gate in gates)
        {
            if (_taken[gate] == _stamp)
            {
                continue;
            }

            _taken[gate] = _stamp;
            if (_sharedIds[gate] is var shared and >= 0 && !SharedPasses(shared, row, context))
            {
                continue;
            }

            _candidates.Add(gate);
        }
    }

    // A regular expression in a shared test (a data model's constraint or calculation) that runs past its time on the
    // event does not decide here: the searches behind it are offered the event, and the one whose own run meets the
    // timeout again stops with an error naming it (PipelineRun), while the hunt and the other searches go on.
    private bool SharedPasses(int id, Row row, SearchContext context)
    {
        if (_sharedStamp[id] != _stamp)
        {
            _sharedStamp[id] = _stamp;
            try
            {
                _sharedPassed[id] = _sharedTests[id]!.Passes(row, context);
            }
            catch (RegexMatchTimeoutException)
            {
                _sharedPassed[id] = true;
            }
        }

        return _sharedPassed[id];
    }

    /// <summary>The shared test's rows of the event (a dataset's projected rows), or null when a regular expression ran past its time making them (see <see cref="SharedPasses"/>).</summary>
    private IReadOnlyList<Row>? SharedRows(int id, Row row, SearchContext context)
    {
        try
        {
            return _sharedTests[id]!.RowsOf(row, context);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private Admitted AdmittedFor(Row row, SearchContext context)
    {
        var sourceValue = row[FieldKey.Source];
        var sourcetypeValue = row[FieldKey.Sourcetype];
        var source = sourceValue.IsNull ? null : sourceValue.ToString();
        var sourcetype = sourcetypeValue.IsNull ? null : sourcetypeValue.ToString();
        return _byMetadata.TryGetValue((source, sourcetype), out var admitted)
            ? admitted
            : AdmitFirst(source, sourceValue, sourcetype, sourcetypeValue, context);
    }

    // Apart from AdmittedFor so that the closure over the metadata row is made only here, not on every event.
    private Admitted AdmitFirst(string? source, Value sourceValue, string? sourcetype, Value sourcetypeValue, SearchContext context)
    {
        var metadata = new Row(2);
        if (source is not null)
        {
            metadata[FieldKey.Source] = sourceValue;
        }

        if (sourcetype is not null)
        {
            metadata[FieldKey.Sourcetype] = sourcetypeValue;
        }

        if (_byMetadata.Count >= ByMetadataPair<Admitted>.MaxPairs)
        {
            _byMetadata.Clear();
        }

        var admitted = Admit(Enumerable.Range(0, _gates.Count).Where(i => _gates[i].AdmitsMetadata(metadata)), context);
        _byMetadata[(source, sourcetype)] = admitted;
        return admitted;
    }

    /// <summary>The gates a source and sourcetype admit, by what else they ask: nothing, a shared test, or literals.</summary>
    private Admitted Admit(IEnumerable<int> gates, SearchContext context)
    {
        var open = new List<int>();
        var bySharedTest = new Dictionary<int, List<int>>();
        var byLiteral = new Dictionary<int, List<int>>();
        foreach (var gate in gates)
        {
            if (_anchorIds[gate] is { } anchors)
            {
                foreach (var id in anchors)
                {
                    (byLiteral.TryGetValue(id, out var list) ? list : byLiteral[id] = []).Add(gate);
                }
            }
            else if (_sharedIds[gate] is var shared and >= 0)
            {
                (bySharedTest.TryGetValue(shared, out var list) ? list : bySharedTest[shared] = []).Add(gate);
            }
            else
            {
                open.Add(gate);
            }
        }

        return new Admitted(
            [.. open],
            [.. bySharedTest.OrderBy(p => p.Key).Select(p => (p.Key, p.Value.ToArray(), SieveFor(p.Key, p.Value, context)))],
            byLiteral.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    /// <summary>
    /// The sieve of these gates over a shared test, made once for every pair that admits the same gates (tstats gates
    /// do not test the source, so one for all); the test's rows are made to hold the fields it reads. Null: no gate
    /// asks anything of the rows.
    /// </summary>
    private RowSieve? SieveFor(int shared, List<int> gates, SearchContext context)
    {
        var made = _sieves.TryGetValue(shared, out var list) ? list : _sieves[shared] = [];
        foreach (var (sieved, sieve) in made)
        {
            if (sieved.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(gates)))
            {
                return sieve;
            }
        }

        var sieveMade = RowSieve.For([.. gates.Select(g => (g, _gates[g].SharedRows))], _gates.Count);
        if (sieveMade is not null)
        {
            _sharedTests[shared]!.Want(sieveMade.Fields, context);
        }

        made.Add(([.. gates], sieveMade));
        return sieveMade;
    }

    /// <summary>
    /// The gates a source and sourcetype admit: those asking nothing more, those asking only a shared test (by test,
    /// sieved by what they ask of its rows when any asks), and those asking literals (by literal; a gate is under each
    /// of its literals).
    /// </summary>
    private sealed record Admitted(int[] Open, (int Shared, int[] Gates, RowSieve? Sieve)[] BySharedTest, Dictionary<int, int[]> ByLiteral);
}
