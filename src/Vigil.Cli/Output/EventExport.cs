using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Sinks;

namespace Vigil.Cli.Output;

/// <summary>Writes events as their XML; JSON and CSV lines are <see cref="EventLines"/>'.</summary>
internal static class EventExport
{
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
}
