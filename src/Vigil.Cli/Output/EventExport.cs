using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Sinks;
using Vigil.Spl.Values;

namespace Vigil.Cli.Output;

/// <summary>Writes events as CSV (the rows a <c>toRow</c> function makes, _time as <see cref="ExportedTime"/>) or as their XML; JSON lines are <see cref="EventJsonLines"/>'s.</summary>
internal static class EventExport
{
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
            Csv.WriteLine(writer, columns.Select(c => c == "_time" ? ExportedTime.Of(row) : row[c].ToString()));
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
            yield return ("_time", Value.FromString(ExportedTime.Of(row)));
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
}
