using System.Globalization;

namespace Vigil.Spl.Execution;

/// <summary>One limit of the SPL engine: its stable name, its default, the largest value it may be given and what it bounds.</summary>
public sealed record SplLimit(string Name, int Default, int Maximum, string Bounds);

/// <summary>
/// How much one search may hold: the limits Splunk sets in limits.conf (subsearch and join maxout, transaction's open
/// transactions, map's searches, macro nesting) and two of Vigil's own that bound memory (by-groups, lookup rows).
/// Where Splunk cuts results short at a limit (a subsearch's maxout, evicted transactions, map's searches) Vigil does
/// too and adds a warning to the result naming the limit; past a limit that bounds memory the search stops with a
/// <see cref="SplLimitException"/> naming it (docs/limits.md). A search takes the limits of the definitions it was
/// compiled with (<see cref="Definitions.SplDefinitions.Limits"/>).
/// </summary>
public sealed record SplLimits
{
    public const string StatsGroupsName = "spl.stats-groups";
    public const string SubsearchRowsName = "spl.subsearch-rows";
    public const string JoinRowsName = "spl.join-rows";
    public const string TransactionsOpenName = "spl.transactions-open";
    public const string TransactionEventsOpenName = "spl.transaction-events-open";
    public const string MapSearchesName = "spl.map-searches";
    public const string MacroDepthName = "spl.macro-depth";
    public const string LookupRowsName = "spl.lookup-rows";
    public const string EventsHeldName = "spl.events-held";

    public static SplLimits Default { get; } = new();

    /// <summary>Every SPL limit, in the order the documentation lists them.</summary>
    public static IReadOnlyList<SplLimit> All { get; } =
    [
        new(StatsGroupsName, Default.StatsGroups, int.MaxValue, "distinct by-groups one stats, eventstats, streamstats, tstats, top or timechart holds"),
        new(SubsearchRowsName, Default.SubsearchRows, int.MaxValue, "rows a subsearch in a search hands on (Splunk's [subsearch] maxout)"),
        new(JoinRowsName, Default.JoinRows, int.MaxValue, "rows of a join's subsearch, and of an append's without maxout= (Splunk's [join] subsearch_maxout)"),
        new(TransactionsOpenName, Default.TransactionsOpen, int.MaxValue, "transactions transaction keeps open (Splunk's maxopentxn)"),
        new(TransactionEventsOpenName, Default.TransactionEventsOpen, int.MaxValue, "events in transactions transaction keeps open (Splunk's maxopenevents)"),
        new(MapSearchesName, Default.MapSearches, int.MaxValue, "searches map runs without maxsearches= (Splunk's default maxsearches)"),
        new(MacroDepthName, Default.MacroDepth, 1_000, "macros expanded inside each other"),
        new(LookupRowsName, Default.LookupRows, int.MaxValue, "rows read from one lookup table file"),
        new(EventsHeldName, Default.EventsHeld, int.MaxValue, "events or rows one search holds back until searches it depends on have read every event, where the events cannot be read again (a later search command's subsearches over events; map and subsearches over rows handed over once)"),
    ];

    /// <summary>Distinct by-groups in one grouping command; past it the search stops.</summary>
    public int StatsGroups { get; init; } = 1_000_000;

    /// <summary>Rows a subsearch in a search keeps; the rest are dropped, with a warning.</summary>
    public int SubsearchRows { get; init; } = 10_000;

    /// <summary>Rows a join's subsearch (and an append's without maxout=) keeps; the rest are dropped, with a warning.</summary>
    public int JoinRows { get; init; } = 50_000;

    /// <summary>Transactions open at once; past it the least recently used is evicted, with a warning.</summary>
    public int TransactionsOpen { get; init; } = 5000;

    /// <summary>Events in open transactions; past it the least recently used transaction is evicted, with a warning.</summary>
    public int TransactionEventsOpen { get; init; } = 100_000;

    /// <summary>Searches map runs when the search sets no maxsearches=; rows past it are left out, with a warning.</summary>
    public int MapSearches { get; init; } = 10;

    /// <summary>Macros expanded inside each other; deeper is a compile error.</summary>
    public int MacroDepth { get; init; } = 32;

    /// <summary>Rows of one lookup table file; a larger table cannot be read (the search or lookup using it says why).</summary>
    public int LookupRows { get; init; } = 5_000_000;

    /// <summary>
    /// Events one search holds back until the searches it depends on have read every event (map's searches, a base
    /// search's subsearches over events: the hunt reads events once); past it the search stops.
    /// </summary>
    public int EventsHeld { get; init; } = 50_000;

    /// <summary>The limit named <paramref name="name"/>, or null when there is none of that name.</summary>
    public static SplLimit? Find(string name) => All.FirstOrDefault(l => l.Name == name);

    /// <summary>The value of the limit named <paramref name="name"/> (see <see cref="All"/>).</summary>
    public int this[string name] => name switch
    {
        StatsGroupsName => StatsGroups,
        SubsearchRowsName => SubsearchRows,
        JoinRowsName => JoinRows,
        TransactionsOpenName => TransactionsOpen,
        TransactionEventsOpenName => TransactionEventsOpen,
        MapSearchesName => MapSearches,
        MacroDepthName => MacroDepth,
        LookupRowsName => LookupRows,
        EventsHeldName => EventsHeld,
        _ => throw new ArgumentException($"no SPL limit is named '{name}'", nameof(name)),
    };

    /// <summary>These limits with one changed; throws <see cref="ArgumentException"/> for an unknown name or a value out of range.</summary>
    public SplLimits With(string name, int value)
    {
        var limit = Find(name) ?? throw new ArgumentException($"no SPL limit is named '{name}'", nameof(name));
        if (value < 1 || value > limit.Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, string.Create(CultureInfo.InvariantCulture, $"{name} must be from 1 to {limit.Maximum}"));
        }

        return name switch
        {
            StatsGroupsName => this with { StatsGroups = value },
            SubsearchRowsName => this with { SubsearchRows = value },
            JoinRowsName => this with { JoinRows = value },
            TransactionsOpenName => this with { TransactionsOpen = value },
            TransactionEventsOpenName => this with { TransactionEventsOpen = value },
            MapSearchesName => this with { MapSearches = value },
            MacroDepthName => this with { MacroDepth = value },
            EventsHeldName => this with { EventsHeld = value },
            _ => this with { LookupRows = value },
        };
    }

    /// <summary>"limit NAME; raise with --limit NAME=N": how a message over a limit names it.</summary>
    public static string Hint(string name) => string.Create(CultureInfo.InvariantCulture, $"limit {name}; raise with --limit {name}=N");

    /// <summary>The error of a search holding back more than <see cref="EventsHeld"/> events.</summary>
    internal SplLimitException EventsHeldExceeded(string what) => new(EventsHeldName, string.Create(CultureInfo.InvariantCulture,
        $"{what}: more than {EventsHeld} events held until the searches it depends on have read every event ({Hint(EventsHeldName)})"));

    /// <summary>The error of a grouping command with more than <see cref="StatsGroups"/> by-groups.</summary>
    internal SplLimitException GroupsExceeded(string command) => new(StatsGroupsName, string.Create(CultureInfo.InvariantCulture,
        $"{command}: more than {StatsGroups} distinct by-groups ({Hint(StatsGroupsName)})"));
}

/// <summary>
/// A search went past one of the <see cref="SplLimits"/> that bound memory: it stops, and its result says why (the
/// message names the limit, its value and how to raise it). A lookup table that can no longer be read when a running
/// search first looks something up stops the search the same way, with no <see cref="Limit"/>.
/// </summary>
public sealed class SplLimitException : Exception
{
    public SplLimitException()
    {
    }

    public SplLimitException(string message)
        : base(message)
    {
    }

    public SplLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SplLimitException(string limit, string message)
        : base(message) => Limit = limit;

    /// <summary>The name of the limit (<see cref="SplLimits.All"/>); empty when the search stopped at an unreadable lookup table.</summary>
    public string Limit { get; } = string.Empty;
}
