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
public sealed class JsonFileSource : IEventSource
{
    private readonly Encoding _encoding;

    public JsonFileSource(string path, Encoding encoding)
    {
        Path = path;
        _encoding = encoding;
    }

    public string Path { get; }

    /// <summary>
    /// Whether the first bytes of a file look like a JSON input this source reads, and in which encoding: after an
    /// optional byte order mark (UTF-8, UTF-16 LE/BE, or UTF-16 told by its zero bytes) and white space, a
    /// <c>{</c>, a <c>[</c>, or evtx_dump's <c>Record N</c> header line.
    /// </summary>
    public static bool TryDetect(ReadOnlySpan<byte> head, [NotNullWhen(true)] out Encoding? encoding)
    {
        var (format, detected) = InputFormatDetector.Detect(head);
        encoding = format == InputFormat.Json ? detected : null;
        return encoding is not null;
    }

    public IEnumerable<WinEvent> ReadEvents(RawEventFilter? rawFilter, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        counters.Bytes += stream.Length;
        using var reader = new StreamReader(stream, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var frame in new JsonRecordFramer(reader).Frames(rawFilter))
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
                onProblem(new InputProblem(Path, frame.Line, frame.Problem ?? "malformed record", InputProblemKind.MalformedEvent));
                continue;
            }

            if (!JsonEventParser.TryParse(frame.Text, new EventOrigin(Path, frame.Line), out var parsed, out var error))
            {
                counters.Malformed++;
                onProblem(new InputProblem(Path, frame.Line + error.LineOffset, error.Reason, InputProblemKind.MalformedEvent));
                continue;
            }

            yield return parsed;
        }

        counters.BytesDone = stream.Length;
    }
}
