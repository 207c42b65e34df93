using System.Collections.Concurrent;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// Which event fields the searches of a pass read, event by event, so that search-time knowledge computes no others.
/// Each part of a search that takes events (its base search, each subsearch over events) counts only for the events
/// its own gate admits:
/// <list type="bullet">
/// <item>a part whose top-level conjuncts over source and sourcetype reject the event's never matches it (an Okta
/// search, a Windows event);</item>
/// <item>a part that may read any field (raw events shown, <c>transaction</c>, a <c>map</c> where the hunt cannot read
/// its events again) asks for every field only of the events that hold one of its literals, which is told from the raw
/// text before any field is computed.</item>
/// </list>
/// Safe to use from several threads.
/// </summary>
public sealed class FieldDemand
{
    private readonly IReadOnlyList<Reader> _readers;
    private readonly LiteralTable? _literals;
    private readonly MetadataSieve<Reader> _sieve;
    private readonly ConcurrentDictionary<IReadOnlyList<Reader>, PairDemand> _byPair = new(ReferenceEqualityComparer.Instance);

    private FieldDemand(IReadOnlyList<Reader> readers, LiteralTable? literals, MetadataSieve<Reader>? sieve = null)
    {
        _readers = readers;
        _literals = literals;
        _sieve = sieve ?? new(readers, reader => reader.Gate.Metadata ?? MatchAllExpression.Instance);
    }

    /// <summary>
    /// The demand of <paramref name="pipelines"/>, run in <paramref name="context"/> (whether the hunt can read its
    /// events again counts: then map's searches get every field when they do). Until it is given the pass's literal
    /// table (<see cref="WithLiterals"/>), a part that may read any field asks for every field of each event its
    /// source and sourcetype admit.
    /// </summary>
    public static FieldDemand Of(IEnumerable<SplPipeline> pipelines, Func<string, bool> isVerbatimField, SearchContext context) =>
        new([.. pipelines.SelectMany(p => p.EventReaders(isVerbatimField, context.EventRereader is not null))
            .Where(part => !part.Gate.IsClosed)
            .Select(part => new Reader(part.Gate, part.Reads))], null);

    /// <summary>The same fields of every event.</summary>
    public static FieldDemand Fixed(IReadOnlySet<string> fields) => new([new Reader(SearchGate.Open, fields)], null);

    /// <summary>The gates of the parts that may read any field: the literal table given to <see cref="WithLiterals"/> must hold their literals.</summary>
    public IEnumerable<SearchGate> WideGates => _readers.Where(r => r.Reads is null).Select(r => r.Gate);

    /// <summary>The same demand, telling events apart by the literals <paramref name="literals"/> finds in them.</summary>
    public FieldDemand WithLiterals(LiteralTable literals) => new(_readers, literals, _sieve);

    /// <summary>
    /// What the parts that name their fields read of an event of the row's source and sourcetype (the row as read,
    /// before knowledge); null when they read every field (event types or tags among them).
    /// </summary>
    public IReadOnlySet<string>? For(Row row) => PairOf(row).Named;

    /// <summary>
    /// Whether a part that may read any field could match the event: one its source and sourcetype admit, and whose
    /// literals (when it has any) the raw text holds. <paramref name="hits"/>, scanned with the table given to
    /// <see cref="WithLiterals"/>, is asked only when that decides.
    /// </summary>
    public bool NeedsEveryField(Row row, ILiteralHits? hits)
    {
        var pair = PairOf(row);
        if (pair.AnyAlways)
        {
            return true;
        }

        if (pair.Anchors.Length == 0)
        {
            return false;
        }

        if (hits is null)
        {
            return true;
        }

        var found = hits.Hits();
        foreach (var anchors in pair.Anchors)
        {
            if (LiteralTable.AnyHit(found, anchors))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What <see cref="For"/> gives, split by what tells events apart: the fields read by the parts that name their
    /// fields and take events of the row's source and sourcetype whatever their text (null: every field), and, for
    /// each part told apart by literals (with the table given to <see cref="WithLiterals"/>), its literal ids and the
    /// fields it reads, which an event needs only when it holds one of those literals (<see cref="LiteralTable.AnyHit"/>).
    /// </summary>
    public (IReadOnlySet<string>? Always, IReadOnlyList<LiteralReads> ByLiterals) Split(Row row)
    {
        var pair = PairOf(row);
        return (pair.Always, pair.ByLiterals);
    }

    // Looked up before adding: GetOrAdd(key, Decide) would make a delegate of the method on every event.
    private PairDemand PairOf(Row row)
    {
        var admitted = _sieve.For(row);
        return _byPair.TryGetValue(admitted, out var pair) ? pair : _byPair.GetOrAdd(admitted, Decide(admitted));
    }

    private PairDemand Decide(IReadOnlyList<Reader> admitted)
    {
        HashSet<string>? named = new(StringComparer.Ordinal);
        HashSet<string>? always = new(StringComparer.Ordinal);
        var byLiterals = new List<LiteralReads>();
        var anchors = new List<int[]>();
        var anyAlways = false;
        foreach (var (gate, reads) in admitted)
        {
            if (reads is not null)
            {
                named?.UnionWith(reads);
                if (reads.Any(f => f is "eventtype" or "tag" || f.StartsWith("tag::", StringComparison.Ordinal)))
                {
                    // Event types and tags are computed from every other field.
                    named = null;
                    always = null;
                }
                else if (gate.Shared is null && gate.Anchors is { } told && _literals?.IdsOf(told) is { } ids)
                {
                    byLiterals.Add(new LiteralReads(ids, reads));
                }
                else
                {
                    always?.UnionWith(reads);
                }
            }
            else if (_literals is not null && gate.Anchors is { } literals && gate.Shared is null)
            {
                anchors.Add(_literals.IdsOf(literals) ?? throw new InvalidOperationException("the literal table lacks a wide gate's literal"));
            }
            else
            {
                // No literal tells its events apart, or only a test on computed fields does (a data model's).
                anyAlways = true;
            }
        }

        return new PairDemand(named, [.. anchors], anyAlways, always, always is null ? [] : byLiterals);
    }

    /// <summary>A part of a search as the demand sees it: its gate, and the fields it reads (null: any).</summary>
    private sealed record Reader(SearchGate Gate, IReadOnlySet<string>? Reads);

    /// <summary>
    /// For one source and sourcetype: what the parts naming their fields read (null: every field), the literal ids of
    /// each part that may read any field, and whether one of those matches events whatever their text.
    /// </summary>
    /// <remarks><see cref="Always"/> and <see cref="ByLiterals"/> split <see cref="Named"/> (<see cref="Split"/>).</remarks>
    private sealed record PairDemand(HashSet<string>? Named, int[][] Anchors, bool AnyAlways, HashSet<string>? Always, IReadOnlyList<LiteralReads> ByLiterals);
}

/// <summary>A part of a search told apart by literals: their ids in the literal table, and the event fields it reads.</summary>
public sealed record LiteralReads(int[] Literals, IReadOnlySet<string> Reads);
