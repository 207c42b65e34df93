using System.Text;
using System.Xml;
using Vigil.Events.Model;
using Vigil.Events.Xml;

namespace Vigil.Events.Sources;

/// <summary>Events from an XML file: Splunk's XmlWinEventLog or a wevtutil / Event Viewer export.</summary>
public sealed class XmlFileSource(string path, Encoding encoding, ReaderLimits? limits = null) : TextFileSource(path, encoding, limits)
{
    private protected override string UnitName => "event";

    private protected override IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter) =>
        new XmlEventFramer(reader, Limits.XmlEventSize).Frames(rawFilter);

    private protected override bool TryParse(TextFrame frame, out WinEvent? parsed, out long problemLine, out string reason)
    {
        try
        {
            parsed = XmlEventParser.Parse(frame.Text!, new LineOrigin(Path, frame.Line), Limits.XmlUserDataDepth);
            problemLine = 0;
            reason = string.Empty;
            return true;
        }
        catch (XmlException e)
        {
            // XmlException's line is relative to the event's own text.
            parsed = null;
            problemLine = frame.Line + Math.Max(0, e.LineNumber - 1);
            reason = "malformed event: " + StripPosition(e);
            return false;
        }
    }

    private static string StripPosition(XmlException e)
    {
        var message = e.Message;
        var at = message.IndexOf(" Line ", StringComparison.Ordinal);
        var column = e.LinePosition > 0 ? $" (column {e.LinePosition})" : string.Empty;
        return (at > 0 ? message[..at].TrimEnd() : message) + column;
    }
}
