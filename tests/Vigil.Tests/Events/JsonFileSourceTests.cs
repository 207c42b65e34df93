using System.Text;
using Vigil.Events.Json;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;
using static Vigil.Tests.Events.JsonTestSupport;

namespace Vigil.Tests.Events;

public class JsonFileSourceTests
{
    private static TestEvent[] ThreeEvents() =>
    [
        TestEvent.Iis2282("a", "c:\\a.dll", T0, 1),
        TestEvent.Iis2282("b", "c:\\b.dll", T0.AddSeconds(1), 2),
        TestEvent.Iis2282("c", "c:\\c.dll", T0.AddSeconds(2), 3),
    ];

    public static TheoryData<string> Forms => new() { "winlogbeat", "winlogbeat-dotted", "winlogbeat-xml", "winlogbeat-array", "evtx-jsonl", "evtx-json" };

    private static string File(string form, IEnumerable<TestEvent> events) => form switch
    {
        "winlogbeat" => JsonEventForms.WinlogbeatFile(events),
        "winlogbeat-dotted" => JsonEventForms.WinlogbeatFile(events, dotted: true),
        "winlogbeat-xml" => JsonEventForms.WinlogbeatFile(events, includeXml: true),
        "winlogbeat-array" => JsonEventForms.WinlogbeatArrayFile(events),
        "evtx-jsonl" => JsonEventForms.EvtxDumpJsonlFile(events),
        "evtx-json" => JsonEventForms.EvtxDumpJsonFile(events),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Reads_every_form_with_the_line_each_record_starts_on(string form)
    {
        using var dir = new TempDirectory();
        var text = File(form, ThreeEvents());
        var (events, problems, counters) = Read(dir.Write("app.json", text));
        Assert.Empty(problems);
        Assert.Equal(["a", "b", "c"], events.Select(e => e["Computer"]));
        Assert.Equal(["c:\\a.dll", "c:\\b.dll", "c:\\c.dll"], events.Select(e => e["ModuleDll"]));
        var lines = text.Split('\n');
        foreach (var e in events)
        {
            Assert.StartsWith("{", lines[((LineOrigin)e.Origin).Line - 1].TrimStart(), StringComparison.Ordinal);
            Assert.Contains(e.Raw, text, StringComparison.Ordinal);
        }

        Assert.Equal((3L, 0L, 0L), (counters.Events, counters.Skipped, counters.Malformed));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), counters.Bytes);
    }

    [Fact]
    public void Record_lines_of_evtx_dump_are_headers_and_records_start_on_the_line_after()
    {
        using var dir = new TempDirectory();
        var (events, problems, _) = Read(dir.Write("app.json", JsonEventForms.EvtxDumpJsonFile(ThreeEvents())));
        Assert.Empty(problems);
        Assert.Equal(2, ((LineOrigin)events[0].Origin).Line);
        Assert.StartsWith("{\n  \"Event\"", events[0].Raw, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_line_numbers_and_the_rest_is_read()
    {
        var lines = ThreeEvents().Select(e => e.ToWinlogbeat()).ToList();
        lines.Insert(1, lines[1][..150]);
        lines.Insert(2, "this line is no JSON");
        lines.Insert(3, """{"hello":"world"}""");
        lines.Insert(4, """{"winlog":{"channel":"Application",}}""");
        lines.Insert(5, string.Empty);
        lines.Insert(6, """["an array of strings"]""");
        using var dir = new TempDirectory();
        var path = dir.Write("app.json", string.Join("\n", lines) + "\n");
        var (events, problems, counters) = Read(path);
        Assert.Equal(["a", "b", "c"], events.Select(e => e["Computer"]));
        Assert.Equal([1L, 8L, 9L], events.Select(e => ((LineOrigin)e.Origin).Line));
        Assert.All(problems, p => Assert.Equal(path, p.Path));
        Assert.Equal([2L, 3L, 4L, 5L, 7L], problems.Select(p => p.Line!.Value));
        Assert.Contains("truncated record", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("text outside any JSON record: \"this line is no JSON\"", problems[1].Reason, StringComparison.Ordinal);
        Assert.Contains("neither a Winlogbeat/ECS record", problems[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", problems[3].Reason, StringComparison.Ordinal);
        Assert.Contains("column", problems[3].Reason, StringComparison.Ordinal);
        Assert.Contains("text outside any JSON record", problems[4].Reason, StringComparison.Ordinal);
        Assert.All(problems, p => Assert.Equal(InputProblemKind.MalformedEvent, p.Kind));
        Assert.Equal((8L, 5L), (counters.Events, counters.Malformed));
    }

    [Fact]
    public void A_problem_inside_a_pretty_printed_record_names_its_own_line()
    {
        var text = JsonEventForms.EvtxDumpJsonFile(ThreeEvents());
        var broken = text.Replace("\"Channel\": \"Application\",\n", "\"Channel\": \"Application\",,\n", StringComparison.Ordinal);
        var firstBad = text[..text.IndexOf("\"Channel\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        using var dir = new TempDirectory();
        var (events, problems, _) = Read(dir.Write("app.json", broken));
        Assert.Empty(events);
        Assert.Equal(3, problems.Count);
        Assert.Equal(firstBad, problems[0].Line);
    }

    [Fact]
    public void A_truncated_pretty_record_is_reported_and_the_next_Record_is_read()
    {
        var records = ThreeEvents().Select(e => $"Record {e.RecordId}\n{e.ToEvtxDumpJson(indented: true)}\n").ToList();
        records[1] = records[1][..(records[1].Length / 2)] + "\n";
        using var dir = new TempDirectory();
        var (events, problems, counters) = Read(dir.Write("app.json", string.Concat(records)));
        Assert.Equal(["a", "c"], events.Select(e => e["Computer"]));
        var problem = Assert.Single(problems);
        Assert.Equal(records[0].Count(c => c == '\n') + 2, problem.Line);
        Assert.Contains("truncated record", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(1, counters.Malformed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_last_line_is_reported(bool inArray)
    {
        var text = inArray ? JsonEventForms.WinlogbeatArrayFile(ThreeEvents()) : JsonEventForms.EvtxDumpJsonlFile(ThreeEvents());
        using var dir = new TempDirectory();
        var (events, problems, _) = Read(dir.Write("cut.json", text[..(text.Length - 90)]));
        Assert.Equal(["a", "b"], events.Select(e => e["Computer"]));
        Assert.Contains("the file ends before it closes", Assert.Single(problems).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-16le-no-bom")]
    [InlineData("utf-8-bom")]
    public void Reads_UTF16_and_UTF8_with_a_byte_order_mark(string encodingName)
    {
        Encoding encoding = encodingName switch
        {
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            "utf-16le-no-bom" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        };
        var events = ThreeEvents().Select(e => e with { Data = [("ModuleDll", "C:\\Agent Ü&Co\\m.dll")] }).ToList();
        using var dir = new TempDirectory();
        var (winlogbeat, problems, _) = Read(dir.Write("wlb.json", JsonEventForms.WinlogbeatFile(events), encoding));
        var (evtx, problems2, _) = Read(dir.Write("evtx.json", JsonEventForms.EvtxDumpJsonFile(events), encoding));
        Assert.Empty(problems);
        Assert.Empty(problems2);
        Assert.Equal(3, winlogbeat.Count);
        Assert.All(winlogbeat.Concat(evtx), e => Assert.Equal("C:\\Agent Ü&Co\\m.dll", e["ModuleDll"]));
    }

    [Fact]
    public void Large_inputs_stream_across_buffer_boundaries_and_arrays_element_by_element()
    {
        var events = Enumerable.Range(0, 3000).Select(i => TestEvent.Iis2282("h" + i, "c:\\m.dll", T0.AddSeconds(i), i)).ToList();
        using var dir = new TempDirectory();
        foreach (var text in new[] { JsonEventForms.WinlogbeatArrayFile(events), JsonEventForms.EvtxDumpJsonFile(events), JsonEventForms.WinlogbeatFile(events, includeXml: true) })
        {
            var (read, problems, counters) = Read(dir.Write("big.json", text));
            Assert.Empty(problems);
            Assert.Equal(events.Select(e => e.Computer), read.Select(e => e["Computer"]));
            Assert.Equal(counters.Bytes, counters.BytesDone);
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void The_raw_filter_skips_parsing_and_sees_values_unescaped(string form)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("app.json", File(form, ThreeEvents()));
        var counters = new SourceCounters();
        var problems = new List<InputProblem>();
        // Backslashes are escaped in JSON text ("c:\\b.dll"): the filter must still see c:\b.dll.
        var events = Open(path).ReadEvents(raw => raw.Contains("c:\\b.dll", StringComparison.OrdinalIgnoreCase), counters, problems.Add, TestContext.Current.CancellationToken).ToList();
        Assert.Empty(problems);
        Assert.Equal(["b"], events.Select(e => e["Computer"]));
        Assert.Equal((3L, 2L), (counters.Events, counters.Skipped));
    }

    [Fact]
    public void Escaped_non_ASCII_text_reaches_the_filter_decoded()
    {
        var e = TestEvent.Iis2282("ü-host", "C:\\Ünïcode\\m.dll", T0, 1);
        var json = e.ToWinlogbeat();
        Assert.Contains("\\u00DC", json, StringComparison.Ordinal);
        using var dir = new TempDirectory();
        var path = dir.Write("app.json", json + "\n");
        var events = Open(path).ReadEvents(raw => raw.Contains("\\Ünïcode\\", StringComparison.Ordinal), new SourceCounters(), _ => { }, TestContext.Current.CancellationToken).ToList();
        Assert.Equal("C:\\Ünïcode\\m.dll", Assert.Single(events)["ModuleDll"]);
    }

    [Theory]
    [InlineData("{\"winlog\":{}}", true)]
    [InlineData("  \n[ {", true)]
    [InlineData("Record 1001307\n{\n  \"Event\": {", true)]
    [InlineData("Record 1001307\r\n{", true)]
    [InlineData("Record one\n{", false)]
    [InlineData("Recorded 5\n{", false)]
    [InlineData("<Event xmlns=", false)]
    [InlineData("", false)]
    public void Detects_JSON_and_evtx_dump_output_from_the_first_bytes(string head, bool expected) =>
        Assert.Equal(expected, JsonFileSource.TryDetect(Encoding.UTF8.GetBytes(head), out _));

    [Fact]
    public void The_catalog_detector_already_calls_the_JSON_lines_and_array_forms_JSON()
    {
        Assert.Equal(InputFormat.Json, InputFormatDetector.Detect(Encoding.UTF8.GetBytes(JsonEventForms.WinlogbeatFile(ThreeEvents())[..200])).Format);
        Assert.Equal(InputFormat.Json, InputFormatDetector.Detect(Encoding.UTF8.GetBytes(JsonEventForms.WinlogbeatArrayFile(ThreeEvents())[..200])).Format);
        Assert.True(JsonFileSource.TryDetect(Encoding.Unicode.GetBytes(JsonEventForms.EvtxDumpJsonFile(ThreeEvents())[..200]), out var encoding));
        Assert.Equal(Encoding.Unicode.WebName, encoding.WebName);
    }
}
