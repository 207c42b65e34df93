using System.Text;
using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Xml;

namespace Vigil.Events.Sources;

/// <summary>Streams the events of one XML file; memory stays that of one event however large the file.</summary>
public sealed class XmlFileSource : IEventSource
{
    private readonly Encoding _encoding;

    public XmlFileSource(string path, Encoding encoding)
    {
        Path = path;
        _encoding = encoding;
    }

    public string Path { get; }

    public IEnumerable<WinEvent> ReadEvents(RawEventFilter? rawFilter, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        counters.Bytes += stream.Length;
        using var reader = new StreamReader(stream, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var frame in new XmlEventFramer(reader).Frames(rawFilter))
        {
            cancellationToken.ThrowIfCancellationRequested();
            counters.Events++;
            if ((counters.Events & 1023) == 0)
            {
                counters.BytesDone = stream.Position;
            }

            if (frame.Skipped)
            {
                counters.Skipped++;
                continue;
            }

            if (frame.Text is null)
            {
                counters.Malformed++;
                onProblem(new InputProblem(Path, frame.Line, frame.Problem ?? "malformed event", InputProblemKind.MalformedEvent));
                continue;
            }

            WinEvent? parsed;
            try
            {
                parsed = XmlEventParser.Parse(frame.Text, new EventOrigin(Path, frame.Line));
            }
            catch (XmlException e)
            {
                // XmlException's line is relative to the event's own text.
                var line = frame.Line + Math.Max(0, e.LineNumber - 1);
                counters.Malformed++;
                onProblem(new InputProblem(Path, line, "malformed event: " + StripPosition(e), InputProblemKind.MalformedEvent));
                continue;
            }

            yield return parsed;
        }

        counters.BytesDone = stream.Length;
    }

    private static string StripPosition(XmlException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" Line ", StringComparison.Ordinal);
        var column = e.LinePosition > 0 ? $" (column {e.LinePosition})" : string.Empty;
        return (at > 0 ? message[..at].TrimEnd() : message) + column;
    }
}
