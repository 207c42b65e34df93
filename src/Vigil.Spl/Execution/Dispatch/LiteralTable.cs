namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// The literals of many searches' gates, numbered once (equal but for case: one literal), and the scanner that finds
/// them: one table for every dispatcher of a hunt, so an event's raw text is scanned once however many partitions
/// offer it. What a scan found is a bit set of <see cref="Words"/> words, bit <c>id</c> for literal <c>id</c>.
/// </summary>
public sealed class LiteralTable
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly LiteralScanner? _scanner;

    public LiteralTable(IEnumerable<SearchGate> gates)
    {
        var literals = new List<string>();
        foreach (var gate in gates)
        {
            foreach (var anchor in gate.Anchors ?? [])
            {
                if (_ids.TryAdd(anchor, literals.Count))
                {
                    literals.Add(anchor);
                }
            }
        }

        _scanner = literals.Count == 0 ? null : new LiteralScanner(literals);
        Words = (literals.Count + 63) / 64;
    }

    /// <summary>How many 64-bit words a scan's result takes.</summary>
    public int Words { get; }

    /// <summary>The numbers of these literals, each once; null when the table lacks one of them.</summary>
    internal int[]? IdsOf(IEnumerable<string> literals)
    {
        var ids = new List<int>();
        foreach (var literal in literals)
        {
            if (!_ids.TryGetValue(literal, out var id))
            {
                return null;
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    /// <summary>Whether a scan's result <paramref name="found"/> holds one of the literals numbered <paramref name="ids"/>.</summary>
    public static bool AnyHit(ReadOnlySpan<ulong> found, int[] ids)
    {
        foreach (var id in ids)
        {
            if ((found[id >> 6] & (1UL << id)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sets the bit of each literal that <paramref name="raw"/> or <paramref name="decodedRaw"/> (its character references
    /// or escapes decoded, when it has any) holds, in the <see cref="Words"/> words of <paramref name="hits"/> from
    /// <paramref name="start"/>, which are cleared first.
    /// </summary>
    public void Scan(string? raw, string? decodedRaw, ulong[] hits, int start)
    {
        Array.Clear(hits, start, Words);
        if (_scanner is null)
        {
            return;
        }

        var bits = hits.AsSpan(start, Words);
        _scanner.Scan(raw.AsSpan(), bits);
        if (decodedRaw is not null)
        {
            _scanner.Scan(decodedRaw.AsSpan(), bits);
        }
    }
}

/// <summary>The literals of one event at a time, scanned with a table when first asked, then kept until the next event.</summary>
public sealed class EventLiterals(LiteralTable literals) : ILiteralHits
{
    private readonly ulong[] _hits = new ulong[literals.Words];
    private string? _raw;
    private string? _decoded;
    private Func<string, string?>? _decode;
    private bool _scanned;

    /// <summary>The next event's raw text, and its decoded form when it has one.</summary>
    public void Set(string? raw, string? decoded)
    {
        _raw = raw;
        _decoded = decoded;
        _decode = null;
        _scanned = false;
    }

    /// <summary>
    /// The next event's raw text, whose decoded form <paramref name="decode"/> makes if the literals are asked for: an
    /// event no literal is asked of costs no decoding.
    /// </summary>
    public void SetWithDecoder(string? raw, Func<string, string?> decode)
    {
        _raw = raw;
        _decoded = null;
        _decode = decode;
        _scanned = false;
    }

    public ReadOnlySpan<ulong> Hits()
    {
        if (!_scanned)
        {
            if (_decode is not null && _raw is not null)
            {
                _decoded = _decode(_raw);
            }

            literals.Scan(_raw, _decoded, _hits, 0);
            _scanned = true;
        }

        return _hits;
    }
}

/// <summary>What a scan of one event's raw text found, computed when a dispatcher first asks (and then shared).</summary>
public interface ILiteralHits
{
    /// <summary>The event's bits, <see cref="LiteralTable.Words"/> long, from the table the dispatcher was made with.</summary>
    ReadOnlySpan<ulong> Hits();
}
