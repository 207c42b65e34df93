using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>Turns an event into the row a search sees: its fields (repeated names as multivalues), _time and _raw.</summary>
public static class EventRows
{
    public static Row FromEvent(WinEvent winEvent)
    {
        var row = new Row(winEvent.Fields.Count + 2);
        Dictionary<string, List<string>>? repeated = null;
        foreach (var field in winEvent.Fields)
        {
            if (!row.Has(field.Name))
            {
                row[field.Name] = Value.FromString(field.Value);
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
            row["_time"] = Value.FromTime(time);
        }

        row["_raw"] = Value.FromString(winEvent.Raw);
        return row;
    }
}
