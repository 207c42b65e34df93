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
/// filtering and reporting every text format shares. Cutting frames is one pass over the text, on the reading
/// thread; with <see cref="Threads"/> above one, frames are parsed in batches on the thread pool meanwhile, and events
/// and problems still come in file order. Memory stays that of a few batches of events however large the file.
/// </summary>
public abstract class TextFileSource : IEventSource
{
    // Frames to parse in one batch. Small, so that events are read while still in the cache of the core that parsed
    // them: all-ESCU hunt over 76 MiB of XmlWinEventLog, native, 2 cores, CPU time against one thread parsing (9 to 11
    // pairs each): 16 a batch 1.06x, 64 0.94x to 0.96x, 256 0.90x of 64's.
    private const int FramesPerBatch = 16;

    // Frames the prefilter skips cost nothing to parse: a batch of them closes only at this many, to bound its memory.
    private const int MaxBatchFrames = 4096;

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

    /// <summary>Threads that parse frames (<see cref="InputOptions.Threads"/>): one parses them on the reading thread.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The word problems use for one unit of this format ("event", "record").</summary>
    private protected abstract string UnitName { get; }

    private protected abstract IEnumerable<TextFrame> Frames(TextReader reader, RawEventFilter? rawFilter);

    /// <summary>
    /// Parses one frame, or says why not and on which line of the file. A parser that meets a reader limit throws
    /// <see cref="InputLimitException"/>: the event is then skipped over a limit, reported on the frame's first line.
    /// Runs on several threads at once when <see cref="Threads"/> is above one.
    /// </summary>
    private protected abstract bool TryParse(TextFrame frame, out WinEvent? parsed, out long problemLine, out string reason);

    public IEnumerable<WinEvent> ReadEvents(RawEventFilter? rawFilter, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        counters.Bytes += stream.Length;
        using var reader = new StreamReader(stream, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var frames = Frames(reader, rawFilter);
        var events = Threads <= 1
            ? OneByOne(frames, stream, counters, onProblem, cancellationToken)
            : InBatches(frames, stream, counters, onProblem, cancellationToken);
        foreach (var parsed in events)
        {
            yield return parsed;
        }

        counters.BytesDone = stream.Length;
    }

    private IEnumerable<WinEvent> OneByOne(IEnumerable<TextFrame> frames, Stream stream, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken)
    {
        foreach (var frame in frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Account(frame, frame.Text is null ? default : Parse(frame), stream, counters, onProblem) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    /// <summary>
    /// Frames parsed a batch at a time on the thread pool, while the next are cut, up to two batches a thread ahead of
    /// the caller; each batch's events and problems are given when the caller reaches it, so in file order.
    /// </summary>
    private IEnumerable<WinEvent> InBatches(IEnumerable<TextFrame> frames, Stream stream, SourceCounters counters, Action<InputProblem> onProblem, CancellationToken cancellationToken)
    {
        var parsing = new Queue<(List<TextFrame> Frames, Task<ParseOutcome[]> Outcomes)>();
        var batch = new List<TextFrame>();
        var toParse = 0;
        foreach (var frame in frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch.Add(frame);
            toParse += frame.Text is null ? 0 : 1;
            if (toParse < FramesPerBatch && batch.Count < MaxBatchFrames)
            {
                continue;
            }

            parsing.Enqueue(Start(batch, toParse));
            (batch, toParse) = ([], 0);
            if (parsing.Count > Threads * 2)
            {
                foreach (var parsed in EventsOf(parsing.Dequeue(), stream, counters, onProblem))
                {
                    yield return parsed;
                }
            }
        }

        parsing.Enqueue(Start(batch, toParse));
        while (parsing.Count > 0)
        {
            foreach (var parsed in EventsOf(parsing.Dequeue(), stream, counters, onProblem))
            {
                yield return parsed;
            }
        }
    }

    /// <summary>A batch's frames parsed on the thread pool (at once when none of them is to be parsed).</summary>
    private (List<TextFrame>, Task<ParseOutcome[]>) Start(List<TextFrame> batch, int toParse)
    {
        if (toParse == 0)
        {
            return (batch, Task.FromResult(new ParseOutcome[batch.Count]));
        }

        return (batch, Task.Run(() =>
        {
            var outcomes = new ParseOutcome[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Text is not null)
                {
                    outcomes[i] = Parse(batch[i]);
                }
            }

            return outcomes;
        }));
    }

    /// <summary>The batch's events, its frames counted and their problems reported in order; rethrows what parsing threw.</summary>
    private IEnumerable<WinEvent> EventsOf((List<TextFrame> Frames, Task<ParseOutcome[]> Outcomes) batch, Stream stream, SourceCounters counters, Action<InputProblem> onProblem)
    {
        var outcomes = batch.Outcomes.GetAwaiter().GetResult();
        for (var i = 0; i < batch.Frames.Count; i++)
        {
            if (Account(batch.Frames[i], outcomes[i], stream, counters, onProblem) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    private ParseOutcome Parse(TextFrame frame)
    {
        try
        {
            var ok = TryParse(frame, out var parsed, out var line, out var reason);
            return new ParseOutcome(ok ? parsed : null, line, reason, null);
        }
        catch (InputLimitException e)
        {
            return new ParseOutcome(null, 0, string.Empty, e);
        }
    }

    /// <summary>Counts one frame and reports its problem; its event, or null.</summary>
    private WinEvent? Account(TextFrame frame, ParseOutcome outcome, Stream stream, SourceCounters counters, Action<InputProblem> onProblem)
    {
        counters.Events++;
        if ((counters.Events & 1023) == 0)
        {
            counters.BytesDone = stream.Position;
        }

        if (frame.Skipped)
        {
            counters.Skipped++;
            return null;
        }

        if (frame.Text is null)
        {
            counters.CountSkipped(frame.OverLimit ? SkipReason.OverLimit : SkipReason.NotWellFormed);
            var kind = frame.OverLimit ? InputProblemKind.OverLimit : InputProblemKind.MalformedEvent;
            onProblem(new InputProblem(Path, frame.Line, frame.Problem ?? "malformed " + UnitName, kind) { EndLine = NullIfZero(frame.EndLine) });
            return null;
        }

        if (outcome.OverLimit is { } overLimit)
        {
            counters.OverLimit++;
            onProblem(new InputProblem(Path, frame.Line, overLimit.Message, InputProblemKind.OverLimit) { EndLine = NullIfZero(frame.EndLine) });
            return null;
        }

        if (outcome.Event is null)
        {
            counters.NotWellFormed++;
            // A problem with the whole event (not one line of it) names the event's lines.
            var endLine = outcome.ProblemLine == frame.Line ? NullIfZero(frame.EndLine) : null;
            onProblem(new InputProblem(Path, outcome.ProblemLine, outcome.Reason, InputProblemKind.MalformedEvent) { EndLine = endLine });
            return null;
        }

        return outcome.Event;
    }

    private static long? NullIfZero(long line) => line == 0 ? null : line;

    /// <summary>What parsing one frame gave: its event, or the line and reason it is malformed, or the limit it is over.</summary>
    private readonly record struct ParseOutcome(WinEvent? Event, long ProblemLine, string Reason, InputLimitException? OverLimit);
}
