using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Events.Evtx;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Knowledge;
using Vigil.Knowledge.Events;
using Vigil.Sinks;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Sinks;

/// <summary>
/// <see cref="EventLines"/> writes events without making their rows: its text must be what writing the rows
/// (<see cref="EventRows.FromEvent"/>, as <c>vigil export</c> writes them with --fields all) gives, byte for byte.
/// </summary>
public class EventLinesTests
{
    private static readonly EventOrigin Origin = new LineOrigin("test", 1);
    private static readonly Lazy<FieldKnowledge> Knowledge = new(Searchable.Content.CreateFieldKnowledge);

    [Fact]
    public void Every_sample_EVTX_event_is_written_as_its_row_is()
    {
        var dir = TestPaths.RequireShared("evtx");
        foreach (var path in Directory.EnumerateFiles(dir, "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var raw in (bool[])[true, false])
            {
                var source = new EvtxFileSource(path, new InputOptions { Threads = 1, RawText = raw, Recover = true });
                var events = source.ReadEvents(null, new SourceCounters(), _ => { }, TestContext.Current.CancellationToken).ToList();
                AssertWrittenAsRows(events, includeRaw: raw);
            }
        }
    }

    [Fact]
    public void Fields_named_as_the_row_writer_sets_them_are_overwritten_in_place()
    {
        var time = EventTime.FromDateTime(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567));
        WinEvent[] events =
        [
            new("<Event/>", time, [new("host", "h1"), new("a", "1"), new("_time", "x"), new("a", "2"), new("a", "3"), new("_raw", "r")], Origin, "Security", "PC"),
            new("<Event/>", null, [new("_time", "x"), new("_time", "y"), new("sourcetype", "s"), new("n\"é<\u0002 \\", "v"), new("b", "\u0001\"\\\ud800 é 😀 <&>")], Origin, null, null),
            new(string.Empty, null, [], Origin, "", ""),
            new("raw", time, [new("host", "h"), new("host", "i")], Origin, "App", null, new EventMetadata("Custom", "src", null)),
        ];
        AssertWrittenAsRows(events, includeRaw: true);
        AssertWrittenAsRows(events, includeRaw: false);
    }

    private static void AssertWrittenAsRows(IReadOnlyList<WinEvent> events, bool includeRaw)
    {
        var expected = AsRows(events, includeRaw);

        // On the calling thread and in batches on several (their lines still in order, whatever thread finished first),
        // through a text writer and straight to a UTF-8 stream, in blocks.
        foreach (var threads in (int[])[1, 2, 5])
        {
            var text = new StringWriter();
            using (var lines = EventLines.RawJson(text, includeRaw, threads))
            {
                foreach (var winEvent in events)
                {
                    lines.Write(winEvent);
                }
            }

            Assert.Equal(expected, text.ToString());

            var bytes = new MemoryStream();
            using (var stream = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                using var lines = EventLines.RawJson(stream, includeRaw, threads);
                foreach (var winEvent in events)
                {
                    lines.Write(winEvent);
                }
            }

            Assert.Equal(expected, Encoding.UTF8.GetString(bytes.ToArray()));
        }
    }

    [Fact]
    public void Rows_with_the_add_ons_fields_are_written_as_the_row_writer_writes_them()
    {
        // --fields all: the rows are made on the threads that format them, each thread with a row maker of its own.
        var events = new List<WinEvent>();
        foreach (var path in Directory.EnumerateFiles(TestPaths.RequireShared("evtx"), "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = new EvtxFileSource(path, new InputOptions { Threads = 1, RawText = true });
            events.AddRange(source.ReadEvents(null, new SourceCounters(), _ => { }, TestContext.Current.CancellationToken));
        }

        // Every fourth event of every file: all their kinds, in a quarter of the time.
        events = [.. events.Where((_, i) => i % 4 == 0)];
        foreach (var includeRaw in (bool[])[true, false])
        {
            var expected = AsRows(events, includeRaw, NewRowMaker());
            Assert.Contains("\"eventtype\":", expected, StringComparison.Ordinal);
            foreach (var threads in (int[])[1, 2, 5])
            {
                var makers = 0;
                var text = new StringWriter();
                using (var lines = EventLines.JsonOfRows(text, includeRaw, threads, () =>
                {
                    Interlocked.Increment(ref makers);
                    return NewRowMaker();
                }))
                {
                    foreach (var winEvent in events)
                    {
                        lines.Write(winEvent);
                    }
                }

                Assert.Equal(expected, text.ToString());
                Assert.InRange(makers, 1, threads + 1);
            }
        }
    }

    [Fact]
    public void Csv_lines_are_the_rows_in_the_columns_one_pass_in_order_finds()
    {
        // The columns are learned and the lines written in batches on several threads: both must be what one pass in
        // order over the rows gives, whichever batch finished first.
        var events = new List<WinEvent>();
        foreach (var path in Directory.EnumerateFiles(TestPaths.RequireShared("evtx"), "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = new EvtxFileSource(path, new InputOptions { Threads = 1, RawText = true });
            events.AddRange(source.ReadEvents(null, new SourceCounters(), _ => { }, TestContext.Current.CancellationToken).Where((_, i) => i % 8 == 0));
        }

        // Names first seen late and in one batch only; cells a spreadsheet would run, quotes, commas, line breaks.
        var time = EventTime.FromDateTime(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        events.Insert(700, new("<Event/>", time, [new("late", "=cmd|' /C calc'!A0"), new("a", "x,\"y\"\r\nz"), new("a", "-5")], Origin, "App", "PC"));
        events.Insert(300, new("<Event/>", null, [new("_time", "not a time"), new("mid", "é 😀 <&>"), new("_raw", "r")], Origin, "App", null));
        foreach (var includeRaw in (bool[])[true, false])
        {
            var columns = ColumnsInOnePass(events, includeRaw, NewRowMaker());
            Assert.Equal(includeRaw, columns[^1] == "_raw");
            Assert.Contains("late", columns);
            Assert.True(columns.IndexOf("mid") < columns.IndexOf("late"));
            var expected = CsvInOnePass(events, columns, NewRowMaker());
            Assert.Contains("'=cmd", expected, StringComparison.Ordinal);
            foreach (var threads in (int[])[1, 2, 5])
            {
                Assert.Equal(columns, CsvColumns.Learn(events, includeRaw, threads, NewRowMaker));
                var bytes = new MemoryStream();
                using (var stream = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    using var lines = EventLines.CsvOfRows(stream, columns, threads, NewRowMaker);
                    foreach (var winEvent in events)
                    {
                        lines.Write(winEvent);
                    }
                }

                Assert.Equal(expected, Encoding.UTF8.GetString(bytes.ToArray()));
            }
        }
    }

    /// <summary>The columns as one pass finds them: each row's names in order, _time first, _raw last or left out.</summary>
    private static List<string> ColumnsInOnePass(IEnumerable<WinEvent> events, bool includeRaw, Func<WinEvent, Row> toRow)
    {
        var columns = new List<string>();
        foreach (var winEvent in events)
        {
            var row = toRow(winEvent);
            var names = row.Fields.Select(f => f.Key).Where(n => n != "_time" && (includeRaw || n != "_raw"));
            foreach (var name in row.Has("_time") ? names.Prepend("_time") : names)
            {
                if (!columns.Contains(name))
                {
                    columns.Add(name);
                }
            }
        }

        if (columns.Remove("_raw"))
        {
            columns.Add("_raw");
        }

        return columns;
    }

    /// <summary>The CSV one pass writes: the header, then each row's value in each column, through a UTF-8 writer as export's.</summary>
    private static string CsvInOnePass(IEnumerable<WinEvent> events, List<string> columns, Func<WinEvent, Row> toRow)
    {
        var bytes = new MemoryStream();
        using (var writer = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            Csv.WriteLine(writer, columns);
            foreach (var winEvent in events)
            {
                var row = toRow(winEvent);
                Csv.WriteLine(writer, columns.Select(c => c == "_time" ? ExportedTime.Of(row) : row[c].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [Fact]
    public void Flush_writes_every_event_given_so_far()
    {
        // A reader that stops mid-file (cancelled, or failing) still has what it gave written.
        var events = Enumerable.Range(0, 1000).Select(i => new WinEvent("<Event/>", null, [new("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], Origin, "App", "PC")).ToList();
        var text = new StringWriter();
        using var lines = EventLines.RawJson(text, includeRaw: false, threads: 3);
        foreach (var winEvent in events.Take(700))
        {
            lines.Write(winEvent);
        }

        lines.Flush();
        Assert.Equal(AsRows(events.Take(700), includeRaw: false), text.ToString());
    }

    /// <summary>A row maker with the shipped add-ons' fields and a search context of its own, as export gives each formatting thread.</summary>
    private static Func<WinEvent, Row> NewRowMaker()
    {
        var knowledge = Knowledge.Value;
        var context = SearchContext.Utc();
        return winEvent => knowledge.RowOf(winEvent, context);
    }

    /// <summary>The rows' JSON lines, as export writes rows: _time first, then the row's fields in order.</summary>
    private static string AsRows(IEnumerable<WinEvent> events, bool includeRaw, Func<WinEvent, Row>? toRow = null)
    {
        toRow ??= winEvent => EventRows.FromEvent(winEvent);
        var output = new StringBuilder();
        var buffer = new ArrayBufferWriter<byte>();
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var winEvent in events)
        {
            var row = toRow(winEvent);
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            if (row.Has("_time"))
            {
                JsonValues.WriteProperty(json, "_time", Value.FromString(row["_time"] is { Kind: ValueKind.Time } time ? time.AsTime.ToString() : string.Empty));
            }

            foreach (var (name, value) in row.Fields)
            {
                if (name != "_time" && (name != "_raw" || includeRaw))
                {
                    JsonValues.WriteProperty(json, name, value);
                }
            }

            json.WriteEndObject();
            json.Flush();
            output.Append(Encoding.UTF8.GetString(buffer.WrittenSpan)).Append('\n');
        }

        return output.ToString();
    }

    [Fact]
    public void Nothing_after_a_batch_that_failed_is_written()
    {
        // Event 300 fails while its batch (events 256 to 511) is formatted on the pool: the lines before that batch
        // are written, its failure reaches the caller, and no later line follows, so the output has no hole in it.
        var events = Enumerable.Range(0, 1000).Select(i => new WinEvent(
            "<Event/>",
            null,
            i == 300 ? new FailingOnSecondWalk() : [new("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Origin,
            "App",
            "PC")).ToList();
        var text = new StringWriter();
        var failure = Assert.Throws<InvalidOperationException>(() =>
        {
            using var lines = EventLines.RawJson(text, includeRaw: false, threads: 2);
            foreach (var winEvent in events)
            {
                lines.Write(winEvent);
            }
        });
        Assert.Equal("a field list that breaks", failure.Message);
        Assert.Equal(AsRows(events.Take(256), includeRaw: false), text.ToString());
    }

    /// <summary>Fields that can be counted once (as a batch is made up) and then fail (as the batch is formatted).</summary>
    private sealed class FailingOnSecondWalk : IReadOnlyList<EventField>
    {
        private int _walks;

        public int Count => 1;

        public EventField this[int index] => new("n", "x");

        public IEnumerator<EventField> GetEnumerator() =>
            ++_walks > 1 ? throw new InvalidOperationException("a field list that breaks") : new List<EventField> { this[0] }.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void A_layout_fits_only_fields_of_the_same_names_with_the_same_time_and_host()
    {
        // Layouts are found by a hash of their names; this check is what keeps two sequences whose hashes collide apart.
        var layout = new RawJsonLineFormatter.Layout(["a", "b"], true, false, true, []);
        Assert.True(layout.Fits([new("a", "1"), new(new string("b".AsSpan()), "2")], true, false));
        Assert.False(layout.Fits([new("a", "1"), new("B", "2")], true, false));
        Assert.False(layout.Fits([new("b", "1"), new("a", "2")], true, false));
        Assert.False(layout.Fits([new("a", "1")], true, false));
        Assert.False(layout.Fits([new("a", "1"), new("b", "2")], false, false));
        Assert.False(layout.Fits([new("a", "1"), new("b", "2")], true, true));
    }
}
