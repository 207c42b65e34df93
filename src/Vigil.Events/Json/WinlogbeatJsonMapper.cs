using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Xml;

namespace Vigil.Events.Json;

/// <summary>
/// Fields from a Winlogbeat / Elastic Common Schema record. Nested objects and dotted keys (<c>"winlog.channel"</c>)
/// are read alike, as dotted paths (<see cref="WinlogbeatRecord"/>). When <c>event.original</c> holds the event XML
/// (Winlogbeat's <c>include_xml: true</c>), that XML is read instead, as it keeps what the <c>winlog</c> fields drop
/// (Qualifiers, Level, Task, Opcode, Keywords, unnamed Data, zero values). See docs/json-inputs.md.
/// </summary>
internal static class WinlogbeatJsonMapper
{
    public static WinEvent Map(WinlogbeatRecord record, string raw, EventOrigin origin, int maxUserDataDepth)
    {
        string? Get(string path) => record[path];

        if (Get("event.original") is { } original && original.AsSpan().TrimStart().StartsWith("<Event", StringComparison.Ordinal)
            && FromEventXml(original, raw, origin, Get("message"), maxUserDataDepth) is { } fromXml)
        {
            return fromXml;
        }

        var fields = new List<EventField>(20 + record.EventData.Count + record.UserData.Count);
        var eventCode = Get("winlog.event_id") ?? Get("event.code");
        var channel = Get("winlog.channel");
        var computer = Get("winlog.computer_name");
        JsonValues.Add(fields, "Name", Get("winlog.provider_name") ?? Get("event.provider"));
        JsonValues.Add(fields, "Guid", Get("winlog.provider_guid"));
        JsonValues.Add(fields, "EventCode", eventCode);
        // Winlogbeat drops the Qualifiers, so whether the XML had an attribute-free <EventID> cannot be told: the
        // event is given EventID as an event without Qualifiers would have it.
        JsonValues.Add(fields, "EventID", eventCode);
        JsonValues.Add(fields, "Version", Get("winlog.version"));
        var systemTime = Get("winlog.time_created");
        JsonValues.Add(fields, "SystemTime", systemTime);
        JsonValues.Add(fields, "EventRecordID", Get("winlog.record_id"));
        JsonValues.Add(fields, "RecordNumber", Get("winlog.record_id"));
        JsonValues.Add(fields, "ActivityID", Get("winlog.activity_id"));
        JsonValues.Add(fields, "RelatedActivityID", Get("winlog.related_activity_id"));
        JsonValues.Add(fields, "ProcessID", Get("winlog.process.pid"));
        JsonValues.Add(fields, "ThreadID", Get("winlog.process.thread.id"));
        JsonValues.Add(fields, "Channel", channel);
        JsonValues.Add(fields, "Computer", computer);
        JsonValues.Add(fields, "UserID", Get("winlog.user.identifier"));
        fields.AddRange(record.EventData);
        fields.AddRange(record.UserData);
        JsonValues.Add(fields, "Message", Get("message"));

        var timeText = systemTime ?? Get("@timestamp");
        var time = timeText is null ? (EventTime?)null : JsonValues.ParseTime(systemTime is null ? "@timestamp" : "winlog.time_created", timeText);
        return new WinEvent(raw, time, fields, origin, channel, computer);
    }

    /// <summary>
    /// The event from the XML in <c>event.original</c>, or null when that XML does not parse (the winlog fields are read
    /// then). XML over a reader limit throws <see cref="Sources.InputLimitException"/>, as it would in an XML input.
    /// </summary>
    private static WinEvent? FromEventXml(string xml, string raw, EventOrigin origin, string? message, int maxUserDataDepth)
    {
        WinEvent parsed;
        try
        {
            parsed = XmlEventParser.Parse(xml, origin, maxUserDataDepth);
        }
        catch (XmlException)
        {
            return null;
        }

        var fields = new List<EventField>(parsed.Fields);
        if (parsed["Message"] is null)
        {
            // Winlogbeat's XML usually lacks RenderingInfo; its rendered message is in "message".
            JsonValues.Add(fields, "Message", message);
        }

        return new WinEvent(raw, parsed.Time, fields, origin, parsed.Channel, parsed.Computer);
    }
}
