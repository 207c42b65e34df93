using Vigil.Spl.Values;

namespace Vigil.Findings.Triage;

/// <summary>Reading an event row's fields the way the triage needs them: trimmed text or nothing, its host, its time.</summary>
internal static class EventRow
{
    /// <summary>The field's first value, trimmed; null when absent or blank.</summary>
    public static string? Text(Row row, string field)
    {
        var value = row[field];
        if (value.IsNull)
        {
            return null;
        }

        var text = value.FirstText.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>The machine the event is from: host as the reader sets it, else Computer, else the add-on's dest.</summary>
    public static string? Host(Row row) => Text(row, "host") ?? Text(row, "Computer") ?? Text(row, "dest");

    public static Timestamp? Time(Row row) => row["_time"].TryGetTime(out var time) ? time : null;

    /// <summary>The event log channel: from source ("XmlWinEventLog:System", classic "WinEventLog:System"), else the Channel or LogName field.</summary>
    public static string? Channel(Row row)
    {
        var source = Text(row, "source");
        foreach (var prefix in (ReadOnlySpan<string>)["XmlWinEventLog:", "WinEventLog:"])
        {
            if (source is not null && source.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return source[prefix.Length..];
            }
        }

        return Text(row, "Channel") ?? Text(row, "LogName");
    }

    /// <summary>
    /// Whether two host names name one machine: equal without case, or one is the other's first DNS label, since a
    /// log may hold "WEB01" where another holds "web01.corp.example".
    /// </summary>
    public static bool SameHost(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return (!a.Contains('.', StringComparison.Ordinal) && FirstLabel(b).Equals(a, StringComparison.OrdinalIgnoreCase))
            || (!b.Contains('.', StringComparison.Ordinal) && FirstLabel(a).Equals(b, StringComparison.OrdinalIgnoreCase));
    }

    private static string FirstLabel(string host) => host.Split('.')[0];
}
