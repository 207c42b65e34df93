using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Knowledge.Events;

/// <summary>
/// Turns an event into the row search-time knowledge starts from: the fields the reader extracted (repeated names as
/// multivalues), _time, _raw, and the index-time metadata its reader gave it (<see cref="EventMetadata"/>: for XML,
/// sourcetype <c>XmlWinEventLog</c> and source <c>XmlWinEventLog:&lt;Channel&gt;</c>).
/// </summary>
public static class EventRows
{
    public const string Sourcetype = EventMetadata.XmlWinEventLogSourcetype;

    /// <param name="knowledgeAdds">
    /// How many fields search-time knowledge is expected to add, at most, so the row is made that size once (not grown
    /// on the way); negative when unknown: knowledge giving every field about doubles a Windows event's fields (27 to
    /// 64 for a Security event).
    /// </param>
    public static Row FromEvent(WinEvent winEvent, int knowledgeAdds = -1)
    {
        // The reader's fields, then _time, _raw, sourcetype, source and host.
        var doubled = (winEvent.Fields.Count * 2) + 16;
        var row = new Row(knowledgeAdds < 0 ? doubled : Math.Min(winEvent.Fields.Count + 5 + knowledgeAdds, doubled));
        Dictionary<string, List<string>>? repeated = null;
        foreach (var field in winEvent.Fields)
        {
            if (row.TryAdd(field.Name, Value.FromString(field.Value)))
            {
                continue;
            }

            repeated ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
            if (!repeated.TryGetValue(field.Name, out var values))
            {
                values = [row[field.Name].FirstText];
                repeated[field.Name] = values;
            }

            values.Add(field.Value);
        }

        if (repeated is not null)
        {
            foreach (var (name, values) in repeated)
            {
                row[name] = Value.FromMany(values);
            }
        }

        if (winEvent.Time is { } time)
        {
            row["_time"] = Value.FromTime(new Timestamp(time.UnixTicks));
        }

        row["_raw"] = Value.FromString(winEvent.Raw);
        row["sourcetype"] = Value.FromString(winEvent.Metadata.Sourcetype);
        row["source"] = Value.FromString(winEvent.Metadata.Source);
        if (winEvent.Metadata.Host is { } host)
        {
            row["host"] = Value.FromString(host);
        }

        return row;
    }
}
