using System.Text;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.Classic;

/// <summary>
/// Events from Splunk's classic (non-XML) WinEventLog text, any channel: a timestamp line, then <c>LogName=</c>,
/// <c>EventCode=</c> ... <c>Message=</c> lines. A malformed event is reported with its file and lines; reading goes on.
/// </summary>
public sealed class WinEventLogFileSource(string path, Encoding encoding, ReaderLimits? limits = null) : TextFileSource(path, encoding, limits)
{
    private protected override string UnitName => "event";

    private protected override IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter) =>
        WinEventLogFramer.Frames(reader, rawFilter, Limits.TextEventSize);

    private protected override bool TryParse(TextFrame frame, out WinEvent? parsed, out long problemLine, out string reason)
    {
        // A problem is the whole event's: it is reported with the event's first and last lines.
        problemLine = frame.Line;
        return ClassicEventParser.TryParse(frame.Text!, new LineOrigin(Path, frame.Line), out parsed, out reason);
    }
}
