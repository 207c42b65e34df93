using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>
/// Writes events one line each (<c>vigil export</c>): JSON lines of what the reader gave (<see cref="RawJson"/>,
/// <c>--fields raw</c>), JSON lines of the rows a given function makes (<see cref="JsonOfRows"/>, <c>--fields all</c>:
/// with the add-ons' fields), or CSV lines of those rows (<see cref="CsvOfRows"/>). Events are formatted (and their
/// rows made) in batches, on the thread pool when more than one thread may format, and written in the order they came
/// (<see cref="OrderedBatches{TItem, TWorker, TResult}"/>): formatting was most of the thread that wrote, the one an
/// export waits on, while the reader's threads decode. A batch ends at 256 events or about a million characters of
/// values. Lines go out in blocks, to the writer's stream when it is a UTF-8 one. Once a batch has failed, nothing
/// after it is written.
/// </summary>
public sealed class EventLines : IDisposable
{
    private const int BlockSize = 1 << 16;
    // Shared with CsvColumns, whose batches make the same rows.
    internal const int BatchEvents = 256;
    internal const long BatchChars = 1 << 20;

    // Blocks grow to the largest batch: one grown past this is let go rather than kept.
    private const int KeptBufferBytes = 2 << 20;

    private readonly TextWriter _writer;
    private readonly Stream? _stream;
    private readonly bool _includeRaw;
    private readonly OrderedBatches<WinEvent, ILineFormatter, ArrayBufferWriter<byte>> _batches;
    private readonly ConcurrentBag<ArrayBufferWriter<byte>> _blocks = [];
    private readonly Utf8TextOut _text;

    private EventLines(TextWriter writer, bool includeRaw, int threads, Func<ILineFormatter> newFormatter)
    {
        _writer = writer;
        _text = new Utf8TextOut(writer);
        _includeRaw = includeRaw;
        _batches = new(threads, BatchEvents, BatchChars, newFormatter, FormatBatch, WriteBlock);

        // A UTF-8 stream writer without a preamble takes the bytes as they are: no round trip through UTF-16.
        if (writer is StreamWriter { Encoding.CodePage: 65001 } streamWriter && streamWriter.Encoding.Preamble.Length == 0)
        {
            streamWriter.Flush();
            _stream = streamWriter.BaseStream;
        }
    }

    /// <summary>
    /// JSON lines of what the reader gave each event and nothing more: the same text as writing the row
    /// <c>EventRows.FromEvent</c> makes (fields in first-seen order, a name seen again an array, <c>_time</c> first, then
    /// <c>_raw</c>, <c>sourcetype</c>, <c>source</c> and <c>host</c> set over any field of their name), but straight
    /// from the event to UTF-8, without the row.
    /// </summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="includeRaw">Whether <c>_raw</c> is written.</param>
    /// <param name="threads">Threads that may format at once (1: all on the calling thread).</param>
    public static EventLines RawJson(TextWriter writer, bool includeRaw, int threads = 1) =>
        new(writer, includeRaw, threads, () => new RawJsonLineFormatter(includeRaw));

    /// <summary>JSON lines of the rows <paramref name="newRowMaker"/>'s functions make of the events, <c>_time</c> first as ISO-8601 UTC text.</summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="includeRaw">Whether <c>_raw</c> is written.</param>
    /// <param name="threads">Threads that may format at once (1: all on the calling thread).</param>
    /// <param name="newRowMaker">
    /// Makes the function that makes an event's row, once for each thread that formats: a function is called from one
    /// thread at a time, so it may keep what must not be shared across threads.
    /// </param>
    public static EventLines JsonOfRows(TextWriter writer, bool includeRaw, int threads, Func<Func<WinEvent, Row>> newRowMaker) =>
        new(writer, includeRaw, threads, () => new RowLineFormatter(newRowMaker(), includeRaw));

    /// <summary>
    /// CSV lines of the rows <paramref name="newRowMaker"/>'s functions make of the events: a header of the columns,
    /// then one line per event with its value in each (<c>_time</c> as ISO-8601 UTC text), every cell as
    /// <see cref="Csv"/> writes it. Fields not among the columns are left out.
    /// </summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="columns">The columns, in order (<see cref="CsvColumns.Learn"/>: those of the same events).</param>
    /// <param name="threads">Threads that may format at once (1: all on the calling thread).</param>
    /// <param name="newRowMaker">As <see cref="JsonOfRows"/> takes it.</param>
    public static EventLines CsvOfRows(TextWriter writer, IReadOnlyList<string> columns, int threads, Func<Func<WinEvent, Row>> newRowMaker)
    {
        var lines = new EventLines(writer, columns.Contains("_raw"), threads, () => new CsvLineFormatter(newRowMaker(), columns));
        lines.WriteHeader(columns);
        return lines;
    }

    public void Write(WinEvent winEvent) => _batches.Add(winEvent, CharsOf(winEvent, _includeRaw));

    /// <summary>Writes out what is buffered (every event given so far, formatted; none once a batch has failed).</summary>
    public void Flush()
    {
        _batches.Flush();
        if (_stream is not null)
        {
            _stream.Flush();
        }
        else
        {
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        try
        {
            Flush();
        }
        finally
        {
            _batches.Dispose();
        }
    }

    /// <summary>The characters of an event's values: what its line costs to make and to hold, nearly.</summary>
    internal static long CharsOf(WinEvent winEvent, bool includeRaw)
    {
        long chars = includeRaw ? winEvent.Raw.Length : 0;
        foreach (var field in winEvent.Fields)
        {
            chars += field.Value.Length;
        }

        return chars;
    }

    private void WriteHeader(IReadOnlyList<string> columns)
    {
        var header = new ArrayBufferWriter<byte>();
        CsvLineFormatter.WriteHeader(columns, header);
        Emit(header.WrittenSpan);
    }

    private ArrayBufferWriter<byte> FormatBatch(ILineFormatter formatter, List<WinEvent> batch)
    {
        var block = _blocks.TryTake(out var free) ? free : new ArrayBufferWriter<byte>(2 * BlockSize);
        foreach (var winEvent in batch)
        {
            formatter.Format(winEvent, block);
        }

        return block;
    }

    private void WriteBlock(ArrayBufferWriter<byte> block)
    {
        Emit(block.WrittenSpan);
        if (block.Capacity <= KeptBufferBytes)
        {
            block.ResetWrittenCount();
            _blocks.Add(block);
        }
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(bytes);
            return;
        }

        _text.Write(bytes);
    }
}
