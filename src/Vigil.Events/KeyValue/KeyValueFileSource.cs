using System.Text;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.KeyValue;

/// <summary>
/// Events of key=value text under the sourcetype the input declares (<c>PATH::SOURCETYPE</c>), such as a PowerShell
/// scripted input's output: each event a run of lines, events separated by blank lines, fields by Splunk's automatic
/// key=value extraction. The metadata is what Splunk gives a monitored file whose events carry no time or host: source
/// the file's path, host the machine that reads it, <c>_time</c> the file's modification time. See docs/fields.md.
/// </summary>
public sealed class KeyValueFileSource : TextFileSource
{
    private readonly EventMetadata _metadata;
    private readonly EventTime _time;

    public KeyValueFileSource(string path, Encoding encoding, string sourcetype, ReaderLimits? limits = null)
        : base(path, encoding, limits)
    {
        _metadata = new EventMetadata(sourcetype, System.IO.Path.GetFullPath(path), Environment.MachineName);
        _time = EventTime.FromDateTime(File.GetLastWriteTimeUtc(path));
    }

    private protected override string UnitName => "event";

    private protected override IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter) =>
        new LineBlockFramer(reader, (line, previousBlank) => previousBlank && !string.IsNullOrWhiteSpace(line), Limits.TextEventSize).Frames(rawFilter);

    private protected override bool TryParse(TextFrame frame, out WinEvent? parsed, out long problemLine, out string reason)
    {
        problemLine = frame.Line;
        var fields = KeyValueParser.Fields(frame.Text!);
        if (fields.Count == 0)
        {
            parsed = null;
            reason = "malformed event: no key=value pair in it";
            return false;
        }

        parsed = new WinEvent(frame.Text!, _time, fields, new LineOrigin(Path, frame.Line), null, null, _metadata);
        reason = string.Empty;
        return true;
    }
}
