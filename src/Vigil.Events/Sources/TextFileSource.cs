using System.Text;
using Vigil.Events.Model;

namespace Vigil.Events.Sources;

/// <summary>One event's text cut from a text input, or the reason none could be, or a note that the filter skipped it.</summary>
internal readonly record struct TextFrame(string? Text, long Line, string? Problem)
{
    public bool Skipped { get; init; }

    /// <summary>The event's last line, for formats whose events span lines (0 when the framer does not say).</summary>
    public long EndLine { get; init; }
}

/// <summary>
/// A text input (XML, JSON, classic WinEventLog, key=value text) read as a stream of frames, one event each, and parsed frame by frame: the counting,
/// filtering and reporting every text format shares. Memory stays that of one event however large the file.
/// </summary>
public abstract class TextFileSource : IEventSource
{
    private readonly Encoding _encoding;

    protected TextFileSource(string path, Encoding encoding)
    {
        Path = path;
        _encoding = encoding;
    }

    public string Path { get; }

    /// <summary>The word problems use for one unit of this format ("event", "record").</summary>
    private protected abstract string UnitName { get; }

    private protected abstract IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter);

    /// <summary>Parses one frame, or says why not and on which line of the file.</summary>
    private protected abstract bool TryParse(TextFrame frame, out WinEvent? parsed, out long problemLine, out string reason);

    public IEnumerable<WinEvent> ReadEvents(RawEventFilter? rawFilter, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        counters.Bytes += stream.Length;
        using var reader = new StreamReader(stream, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        foreach (var frame in Frames(reader, rawFilter))
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
                onProblem(new InputProblem(Path, frame.Line, frame.Problem ?? "malformed " + UnitName, InputProblemKind.MalformedEvent) { EndLine = NullIfZero(frame.EndLine) });
                continue;
            }

            if (!TryParse(frame, out var parsed, out var line, out var reason))
            {
                counters.Malformed++;
                // A problem with the whole event (not one line of it) names the event's lines.
                var endLine = line == frame.Line ? NullIfZero(frame.EndLine) : null;
                onProblem(new InputProblem(Path, line, reason, InputProblemKind.MalformedEvent) { EndLine = endLine });
                continue;
            }

            yield return parsed!;
        }

        counters.BytesDone = stream.Length;
    }

    private static long? NullIfZero(long line) => line == 0 ? null : line;
}
