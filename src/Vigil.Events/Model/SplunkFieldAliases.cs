namespace Vigil.Events.Model;

/// <summary>
/// The fields Splunk_TA_windows adds at index or search time rather than extracting from the event (source,
/// sourcetype, host, the Application-only dest alias, ...). Every event source adds them the same way, so detections
/// see the same fields whatever the input format.
/// </summary>
public static class SplunkFieldAliases
{
    /// <summary>Fields computed here: their values need not appear verbatim in an event's raw text.</summary>
    public static IReadOnlySet<string> Derived { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "source", "sourcetype", "host", "dest", "dvc", "dvc_nt_host", "vendor_product", "Error_Code", "eventtype", "_time",
    };

    /// <summary>Whether a field's value is copied from the event text (so a literal test on the raw text is sound for it).</summary>
    public static bool IsVerbatimField(string name) => !Derived.Contains(name);

    public static void Add(List<EventField> fields, string? channel, string? computer, string? eventCode)
    {
        var source = channel is { Length: > 0 } ? "XmlWinEventLog:" + channel : "XmlWinEventLog";
        Add(fields, "source", source);
        Add(fields, "sourcetype", "XmlWinEventLog");
        if (computer is { Length: > 0 })
        {
            Add(fields, "host", computer);
            Add(fields, "dvc", computer);
            Add(fields, "dvc_nt_host", computer);
            if (source == "XmlWinEventLog:Application")
            {
                Add(fields, "dest", computer);
            }
        }

        if (eventCode is { Length: > 0 })
        {
            Add(fields, "signature_id", eventCode);
        }

        Add(fields, "vendor_product", "Microsoft Windows");
        if (source == "XmlWinEventLog:Application")
        {
            // The TA's EVAL replaces any extracted Error_Code.
            var errorCode = First(fields, "Status") ?? First(fields, "Error_Code") ?? "-";
            fields.RemoveAll(field => field.Name == "Error_Code");
            Add(fields, "Error_Code", errorCode);
        }
    }

    private static void Add(List<EventField> fields, string name, string value)
    {
        if (value.Length != 0)
        {
            fields.Add(new EventField(name, value));
        }
    }

    private static string? First(List<EventField> fields, string name)
    {
        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                return field.Value;
            }
        }

        return null;
    }
}
