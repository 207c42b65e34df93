using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// The gates over one shared test (a data model dataset) indexed by what the test's rows must hold for each
/// (<see cref="RowRequirement"/>), so that the rows an event makes lead only to the searches they can match: a row's
/// value of each indexed field is looked up once (exact values) and scanned once for every search's text (one
/// <see cref="LiteralScanner"/> pass), instead of every search testing its WHERE on it. Gates that require nothing are
/// always taken. Not thread-safe: it belongs to one dispatcher.
/// </summary>
internal sealed class RowSieve
{
    private readonly int[] _always;
    private readonly (FieldKey Field, Dictionary<string, int[]> GatesByValue)[] _exact;
    private readonly (FieldKey Field, LiteralScanner Scanner, int[][] GatesByLiteral)[] _contains;
    private readonly ulong[] _found;

    // Per gate, the event (by stamp) it was last taken for: a gate under several values the rows hold is taken once.
    private readonly int[] _taken;
    private int _stamp;

    /// <param name="gates">The gates over the test (their numbers in the dispatcher) with what their rows must hold.</param>
    /// <param name="gateCount">How many gates the dispatcher numbers.</param>
    private RowSieve(IReadOnlyList<(int Gate, RowRequirement? Requirement)> gates, int gateCount)
    {
        _always = [.. gates.Where(g => g.Requirement is null).Select(g => g.Gate)];
        var atoms = gates.Where(g => g.Requirement is not null).SelectMany(g => g.Requirement!.AnyOf.Select(atom => (Atom: atom, g.Gate))).ToList();

        // Per field (in name order), the gates under each text the field must hold exactly, or within.
        IEnumerable<(FieldKey Field, List<(string Text, int[] Gates)> ByText)> ByField(bool contains) => atoms
            .Where(a => a.Atom.Contains == contains)
            .GroupBy(a => a.Atom.Field, StringComparer.Ordinal)
            .OrderBy(field => field.Key, StringComparer.Ordinal)
            .Select(field => (new FieldKey(field.Key), field
                .GroupBy(a => a.Atom.Text, StringComparer.OrdinalIgnoreCase)
                .Select(text => (text.Key, text.Select(a => a.Gate).Distinct().ToArray()))
                .ToList()));

        _exact = [.. ByField(contains: false)
            .Select(f => (f.Field, f.ByText.ToDictionary(t => t.Text, t => t.Gates, StringComparer.OrdinalIgnoreCase)))];
        _contains = [.. ByField(contains: true)
            .Select(f => (f.Field, new LiteralScanner([.. f.ByText.Select(t => t.Text)]), f.ByText.Select(t => t.Gates).ToArray()))];
        _found = new ulong[_contains.Length == 0 ? 0 : (_contains.Max(c => c.Scanner.Count) + 63) / 64];
        _taken = new int[gateCount];
    }

    /// <summary>The fields of the rows it reads.</summary>
    public IEnumerable<string> Fields => _exact.Select(f => f.Field.Name).Concat(_contains.Select(f => f.Field.Name)).Distinct(StringComparer.Ordinal);

    /// <summary>A sieve for the gates; null when none of them requires anything of the rows (all are always taken).</summary>
    public static RowSieve? For(IReadOnlyList<(int Gate, RowRequirement? Requirement)> gates, int gateCount) =>
        gates.Any(g => g.Requirement is not null) ? new RowSieve(gates, gateCount) : null;

    /// <summary>Adds to <paramref name="candidates"/> the gates whose requirement one of <paramref name="rows"/> meets, and those requiring nothing.</summary>
    public void AddPassing(IReadOnlyList<Row> rows, List<int> candidates)
    {
        candidates.AddRange(_always);
        _stamp++;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            foreach (var (field, gatesByValue) in _exact)
            {
                // Every value of a multivalue, as a comparison tests them; the visitor never stops early.
                row[field].AnyText((Sieve: this, GatesByValue: gatesByValue, Candidates: candidates), static (state, text) =>
                {
                    if (state.GatesByValue.TryGetValue(text, out var gates))
                    {
                        state.Sieve.Take(gates, state.Candidates);
                    }

                    return false;
                });
            }

            foreach (var (field, scanner, gatesByLiteral) in _contains)
            {
                row[field].AnyText((Sieve: this, Scanner: scanner, GatesByLiteral: gatesByLiteral, Candidates: candidates), static (state, text) =>
                {
                    state.Sieve.TakeFound(state.Scanner, text, state.GatesByLiteral, state.Candidates);
                    return false;
                });
            }
        }
    }

    private void TakeFound(LiteralScanner scanner, string text, int[][] gatesByLiteral, List<int> candidates)
    {
        var found = _found.AsSpan(0, (scanner.Count + 63) / 64);
        found.Clear();
        scanner.Scan(text, found);
        for (var word = 0; word < found.Length; word++)
        {
            for (var bits = found[word]; bits != 0; bits &= bits - 1)
            {
                Take(gatesByLiteral[(word << 6) | System.Numerics.BitOperations.TrailingZeroCount(bits)], candidates);
            }
        }
    }

    private void Take(int[] gates, List<int> candidates)
    {
        foreach (var gate in gates)
        {
            if (_taken[gate] != _stamp)
            {
                _taken[gate] = _stamp;
                candidates.Add(gate);
            }
        }
    }
}
