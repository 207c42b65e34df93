namespace Vigil.Events.Model;

/// <summary>
/// One Windows event as a search sees it: the raw text, the event time and the fields extracted from it, in the
/// order they were found. A name may appear more than once: that is a multivalue field.
/// </summary>
public sealed class WinEvent
{
    public WinEvent(string raw, EventTime? time, IReadOnlyList<EventField> fields, EventOrigin origin, string? channel, string? computer)
    {
        Raw = raw;
        Time = time;
        Fields = fields;
        Origin = origin;
        Channel = channel;
        Computer = computer;
    }

    public string Raw { get; }

    /// <summary>TimeCreated/@SystemTime at full (100 ns) precision; null when the event has none.</summary>
    public EventTime? Time { get; }

    public IReadOnlyList<EventField> Fields { get; }

    public EventOrigin Origin { get; }

    /// <summary>The text of System/Channel: Splunk's source is <c>XmlWinEventLog:&lt;Channel&gt;</c>.</summary>
    public string? Channel { get; }

    /// <summary>The text of System/Computer: the host the event was logged on.</summary>
    public string? Computer { get; }

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

/// <summary>Where an event came from: the file and the 1-based line its text starts on.</summary>
public readonly record struct EventOrigin(string Path, long Line)
{
    public override string ToString() => $"{Path}:{Line}";
}
