using System.Text;
using Vigil.Events.Model;

namespace Vigil.Events.Sources;

/// <summary>One event's text cut from a text input, or the reason none could be, or a note that the filter skipped it.</summary>
internal readonly record struct TextFrame(string? Text, long Line, string? Problem)
{
    public bool Skipped { get; init; }

    /// <summary>The problem is an event over a reader limit (the problem names it), not a malformed one.</summary>
    public bool OverLimit { get; init; }

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

    protected TextFileSource(string path, Encoding encoding, ReaderLimits? limits = null)
    {
        Path = path;
        _encoding = encoding;
        Limits = limits ?? ReaderLimits.Default;
    }

    public string Path { get; }

    /// <summary>How large or deep one event may be (an event over a limit is reported and skipped).</summary>
    public ReaderLimits Limits { get; }

    /// <summary>The word problems use for one unit of this format ("event", "record").</summary>
    private protected abstract string UnitName { get; }

    private protected abstract IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter);

    /// <summary>
    /// Parses one frame, or says why not and on which line of the file. A parser that meets a reader limit throws
    /// <see cref="InputLimitException"/>: the event is then skipped over a limit, reported on the frame's first line.
    /// </summary>
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
                counters.CountSkipped(frame.OverLimit ? SkipReason.OverLimit : SkipReason.NotWellFormed);
                var kind = frame.OverLimit ? InputProblemKind.OverLimit : InputProblemKind.MalformedEvent;
                onProblem(new InputProblem(Path, frame.Line, frame.Problem ?? "malformed " + UnitName, kind) { EndLine = NullIfZero(frame.EndLine) });
                continue;
            }

            bool ok;
            WinEvent? parsed;
            long line;
            string reason;
            try
            {
                ok = TryParse(frame, out parsed, out line, out reason);
            }
            catch (InputLimitException e)
            {
                counters.OverLimit++;
                onProblem(new InputProblem(Path, frame.Line, e.Message, InputProblemKind.OverLimit) { EndLine = NullIfZero(frame.EndLine) });
                continue;
            }

            if (!ok)
            {
                counters.NotWellFormed++;
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
