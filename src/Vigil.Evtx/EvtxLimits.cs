using System.Globalization;

namespace Vigil.Evtx;

/// <summary>
/// How far the reader follows a record's BinXML before it calls the rest damage: hostile or damaged input cannot make
/// it recurse without end or do unbounded work. A record over a limit is still yielded, salvaged: what rendered is
/// kept, a marker stands for the rest, and the warning names the limit.
/// </summary>
public sealed record EvtxLimits
{
    /// <summary>The name of <see cref="NestingDepth"/>.</summary>
    public const string NestingDepthName = "evtx.nesting-depth";

    /// <summary>The name of <see cref="FragmentsPerRecord"/>.</summary>
    public const string FragmentsPerRecordName = "evtx.fragments-per-record";

    public static EvtxLimits Default { get; } = new();

    /// <summary>
    /// BinXML fragments and template instances open inside each other in one record. A record of a real log opens a
    /// fragment and a template instance, and one more of each per nested BinXML value (a classic event's data).
    /// </summary>
    public int NestingDepth { get; init; } = 32;

    /// <summary>
    /// Fragments and template instances entered in one record, in all. Damage can make a template instantiate itself
    /// several times over, which the nesting limit alone lets grow as (instances per template)^depth.
    /// </summary>
    public int FragmentsPerRecord { get; init; } = 1024;

    /// <summary>"limit NAME; raise with --limit NAME=N": how a message over a limit names it.</summary>
    public static string Hint(string name) => string.Create(CultureInfo.InvariantCulture, $"limit {name}; raise with --limit {name}=N");
}
