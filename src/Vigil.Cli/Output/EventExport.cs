using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Sinks;
using Vigil.Spl.Values;

namespace Vigil.Cli.Output;

/// <summary>Writes events as a search sees them (the rows a <c>toRow</c> function makes), _time as ISO-8601 UTC.</summary>
internal static class EventExport
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteJsonLines(TextWriter writer, IEnumerable<WinEvent> events, Func<WinEvent, Row> toRow, bool includeRaw)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(buffer, JsonOptions);
        foreach (var winEvent in events)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            foreach (var (name, value) in Fields(toRow(winEvent), includeRaw))
            {
                JsonValues.WriteProperty(json, name, value);
            }

            json.WriteEndObject();
            json.Flush();
            writer.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
            writer.Write('\n');
        }
    }

    public static List<string> Columns(IEnumerable<WinEvent> events, Func<WinEvent, Row> toRow, bool includeRaw)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        foreach (var winEvent in events)
        {
            foreach (var (name, _) in Fields(toRow(winEvent), includeRaw))
            {
                if (seen.Add(name))
                {
                    columns.Add(name);
                }
            }
        }

        // _raw last: it is the widest.
        if (columns.Remove("_raw"))
        {
            columns.Add("_raw");
        }

        return columns;
    }

    public static void WriteCsv(TextWriter writer, IEnumerable<WinEvent> events, Func<WinEvent, Row> toRow, IReadOnlyList<string> columns)
    {
        Csv.WriteLine(writer, columns);
        foreach (var winEvent in events)
        {
            var row = toRow(winEvent);
            Csv.WriteLine(writer, columns.Select(c => c == "_time" ? TimeText(row) : row[c].ToString()));
        }
    }

    public static void WriteXml(TextWriter writer, IEnumerable<WinEvent> events, Action<InputProblem> onProblem)
    {
        writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Events>\n");
        foreach (var winEvent in events)
        {
            if (!winEvent.Raw.StartsWith('<'))
            {
                onProblem(new InputProblem(winEvent.Origin.Path, (winEvent.Origin as LineOrigin)?.Line, "event is not XML (a JSON input); left out of the XML export", InputProblemKind.MalformedEvent));
                continue;
            }

            writer.Write(winEvent.Raw.Trim());
            writer.Write('\n');
        }

        writer.Write("</Events>\n");
    }

    private static IEnumerable<(string Name, Value Value)> Fields(Row row, bool includeRaw)
    {
        if (row.Has("_time"))
        {
            yield return ("_time", Value.FromString(TimeText(row)));
        }

        foreach (var (name, value) in row.Fields)
        {
            if (name == "_time" || (name == "_raw" && !includeRaw))
            {
                continue;
            }

            yield return (name, value);
        }
    }

    private static string TimeText(Row row) => row["_time"] is { Kind: ValueKind.Time } time ? time.AsTime.ToString() : string.Empty;
}
