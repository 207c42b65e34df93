using System.Globalization;
using Vigil.Evtx;

namespace Vigil.Events.Sources;

/// <summary>One limit of the readers: its stable name, its default, the largest value it may be given and what it bounds.</summary>
public sealed record ReaderLimit(string Name, int Default, int Maximum, string Bounds);

/// <summary>
/// How large or deep one event may be before a reader skips it. Memory stays that of one event, so these bound memory
/// and work on hostile input: an event over a limit is reported as a problem naming the limit and how to raise it,
/// counted as skipped over a limit, and the rest of the input is still read (docs/limits.md). EVTX records over
/// <see cref="Evtx"/>'s limits are salvaged rather than skipped.
/// </summary>
public sealed record ReaderLimits
{
    public const string XmlEventSizeName = "xml.event-size";
    public const string XmlUserDataDepthName = "xml.userdata-depth";
    public const string TextEventSizeName = "text.event-size";
    public const string JsonRecordSizeName = "json.record-size";
    public const string JsonDepthName = "json.depth";

    /// <summary>The largest size limit: half a gigabyte of characters (a GiB of memory) for one event.</summary>
    private const int MaximumSize = 512 * 1024 * 1024;

    public static ReaderLimits Default { get; } = new();

    /// <summary>Every reader limit, EVTX's included, in the order the documentation lists them.</summary>
    public static IReadOnlyList<ReaderLimit> All { get; } =
    [
        new(XmlEventSizeName, Default.XmlEventSize, MaximumSize, "characters in one XML event (Splunk XmlWinEventLog, wevtutil / Event Viewer XML)"),
        new(XmlUserDataDepthName, Default.XmlUserDataDepth, 10_000, "elements nested inside an event's UserData (any input whose events are XML, EVTX included)"),
        new(TextEventSizeName, Default.TextEventSize, MaximumSize, "characters in one event of classic WinEventLog text or key=value text"),
        new(JsonRecordSizeName, Default.JsonRecordSize, MaximumSize, "characters in one JSON record"),
        new(JsonDepthName, Default.JsonDepth, 1_000, "objects and arrays nested in one JSON record"),
        new(EvtxLimits.NestingDepthName, EvtxLimits.Default.NestingDepth, 256, "BinXML fragments and template instances nested in one EVTX record"),
        new(EvtxLimits.FragmentsPerRecordName, EvtxLimits.Default.FragmentsPerRecord, 1_000_000, "BinXML fragments and template instances in one EVTX record, in all"),
    ];

    /// <summary>Characters in one XML event; a longer one is skipped up to the next event start.</summary>
    public int XmlEventSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Elements nested inside UserData below its provider element; a deeper event is skipped.</summary>
    public int XmlUserDataDepth { get; init; } = 16;

    /// <summary>Characters in one event of line-oriented text (classic WinEventLog, key=value); a longer one is skipped.</summary>
    public int TextEventSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Characters in one JSON record; a longer one is skipped.</summary>
    public int JsonRecordSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Objects and arrays nested in one JSON record, the record itself counting one; a deeper one is skipped.</summary>
    public int JsonDepth { get; init; } = 64;

    /// <summary>The EVTX reader's limits.</summary>
    public EvtxLimits Evtx { get; init; } = EvtxLimits.Default;

    /// <summary>The limit named <paramref name="name"/>, or null when there is none of that name.</summary>
    public static ReaderLimit? Find(string name) => All.FirstOrDefault(l => l.Name == name);

    /// <summary>The value of the limit named <paramref name="name"/> (see <see cref="All"/>).</summary>
    public int this[string name] => name switch
    {
        XmlEventSizeName => XmlEventSize,
        XmlUserDataDepthName => XmlUserDataDepth,
        TextEventSizeName => TextEventSize,
        JsonRecordSizeName => JsonRecordSize,
        JsonDepthName => JsonDepth,
        EvtxLimits.NestingDepthName => Evtx.NestingDepth,
        EvtxLimits.FragmentsPerRecordName => Evtx.FragmentsPerRecord,
        _ => throw new ArgumentException($"no reader limit is named '{name}'", nameof(name)),
    };

    /// <summary>These limits with one changed; throws <see cref="ArgumentException"/> for an unknown name or a value out of range.</summary>
    public ReaderLimits With(string name, int value)
    {
        var limit = Find(name) ?? throw new ArgumentException($"no reader limit is named '{name}'", nameof(name));
        if (value < 1 || value > limit.Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, string.Create(CultureInfo.InvariantCulture, $"{name} must be from 1 to {limit.Maximum}"));
        }

        return name switch
        {
            XmlEventSizeName => this with { XmlEventSize = value },
            XmlUserDataDepthName => this with { XmlUserDataDepth = value },
            TextEventSizeName => this with { TextEventSize = value },
            JsonRecordSizeName => this with { JsonRecordSize = value },
            JsonDepthName => this with { JsonDepth = value },
            EvtxLimits.NestingDepthName => this with { Evtx = Evtx with { NestingDepth = value } },
            _ => this with { Evtx = Evtx with { FragmentsPerRecord = value } },
        };
    }

    /// <summary>"limit NAME; raise with --limit NAME=N": how a problem over a limit names it.</summary>
    public static string Hint(string name) => EvtxLimits.Hint(name);
}

/// <summary>An event over one of the <see cref="ReaderLimits"/>: the message names the limit, its value and how to raise it.</summary>
public sealed class InputLimitException : Exception
{
    public InputLimitException()
    {
    }

    public InputLimitException(string message)
        : base(message)
    {
    }

    public InputLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputLimitException(string limit, string message)
        : base(message) => Limit = limit;

    /// <summary>The name of the limit (<see cref="ReaderLimits.All"/>).</summary>
    public string Limit { get; } = string.Empty;
}
