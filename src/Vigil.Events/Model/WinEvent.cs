using System.Globalization;

namespace Vigil.Events.Model;

/// <summary>
/// One Windows event as a search sees it: the raw text, the event time and the fields extracted from it, in the
/// order they were found. A name may appear more than once: that is a multivalue field.
/// </summary>
public sealed class WinEvent
{
    /// <summary>An event of Windows' XML form: sourcetype XmlWinEventLog, source <c>XmlWinEventLog:&lt;channel&gt;</c>.</summary>
    public WinEvent(string raw, EventTime? time, IReadOnlyList<EventField> fields, EventOrigin origin, string? channel, string? computer)
        : this(raw, time, fields, origin, channel, computer, EventMetadata.XmlWinEventLog(channel, computer))
    {
    }

    public WinEvent(string raw, EventTime? time, IReadOnlyList<EventField> fields, EventOrigin origin, string? channel, string? computer, EventMetadata metadata)
    {
        Raw = raw;
        Time = time;
        Fields = fields;
        Origin = origin;
        Channel = channel;
        Computer = computer;
        Metadata = metadata;
    }

    public string Raw { get; }

    /// <summary>TimeCreated/@SystemTime at full (100 ns) precision; null when the event has none.</summary>
    public EventTime? Time { get; }

    public IReadOnlyList<EventField> Fields { get; }

    public EventOrigin Origin { get; }

    /// <summary>The event log channel (System/Channel, or LogName in the classic text form).</summary>
    public string? Channel { get; }

    /// <summary>The text of System/Computer: the host the event was logged on.</summary>
    public string? Computer { get; }

    /// <summary>The sourcetype, source and host Splunk would give the event at index time.</summary>
    public EventMetadata Metadata { get; }

    /// <summary>The same event under another sourcetype, as an input's sourcetype setting gives it.</summary>
    public WinEvent WithSourcetype(string sourcetype) =>
        new(Raw, Time, Fields, Origin, Channel, Computer, Metadata with { Sourcetype = sourcetype });

    /// <summary>The first value of a field, or null. For tests and diagnostics; the search engine indexes fields itself.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var field in Fields)
            {
                if (string.Equals(field.Name, name, StringComparison.Ordinal))
                {
                    return field.Value;
                }
            }

            return null;
        }
    }
}

public readonly record struct EventField(string Name, string Value);

/// <summary>Where an event came from: its file and, typed by the file's form, the place in it a reader can go back to.</summary>
public abstract record EventOrigin(string Path)
{
    /// <summary>The place within the file, for people: "line 12" or "chunk 3, record 1001, offset 0x31A8".</summary>
    public abstract string Location { get; }

    public override string ToString() => $"{Path} ({Location})";
}

/// <summary>An event in a text file (XML, JSON, classic WinEventLog, key=value text): the 1-based line its text starts on.</summary>
public sealed record LineOrigin(string Path, long Line) : EventOrigin(Path)
{
    public override string Location => string.Create(CultureInfo.InvariantCulture, $"line {Line}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path}:{Line}");
}

/// <summary>A record in an EVTX file: its chunk (0-based), record id and the file offset of its header.</summary>
public sealed record EvtxOrigin(string Path, int Chunk, ulong RecordId, long Offset) : EventOrigin(Path)
{
    public override string Location => string.Create(CultureInfo.InvariantCulture, $"chunk {Chunk}, record {RecordId}, offset 0x{Offset:X}");
}
