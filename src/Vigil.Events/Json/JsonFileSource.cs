using System.Diagnostics.CodeAnalysis;
using System.Text;
using Vigil.Events.Model;
using Vigil.Events.Sources;

namespace Vigil.Events.Json;

/// <summary>
/// Streams the events of one JSON file: Winlogbeat / ECS records or the Rust evtx crate's <c>evtx_dump</c> output, as
/// JSON lines, a top-level array or evtx_dump's <c>Record N</c> + pretty-printed form (docs/json-inputs.md). Memory
/// stays that of one record however large the file. A record that is not valid JSON, or valid JSON of neither form,
/// is reported with its file and line and counted as malformed; reading goes on.
/// </summary>
public sealed class JsonFileSource(string path, Encoding encoding, ReaderLimits? limits = null) : TextFileSource(path, encoding, limits)
{
    /// <summary>
    /// Whether the first bytes of a file look like a JSON input this source reads, and in which encoding (the input
    /// format detector's answer): JSON lines, an array, or evtx_dump's <c>Record N</c> form.
    /// </summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, [NotNullWhen(true)] out Encoding? encoding)
    {
        var (format, detected) = InputFormatDetector.Detect(head);
        encoding = format == InputFormat.Json ? detected : null;
        return encoding is not null;
    }

    private protected override string UnitName => "record";

    private protected override IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter) =>
        new JsonRecordFramer(reader, Limits.JsonRecordSize, Limits.JsonDepth).Frames(rawFilter);

    private protected override bool TryParse(TextFrame frame, out WinEvent? parsed, out long problemLine, out string reason)
    {
        if (JsonEventParser.TryParse(frame.Text!, new LineOrigin(Path, frame.Line), Limits, out parsed, out var error))
        {
            problemLine = 0;
            reason = string.Empty;
            return true;
        }

        problemLine = frame.Line + error.LineOffset;
        reason = error.Reason;
        return false;
    }
}
