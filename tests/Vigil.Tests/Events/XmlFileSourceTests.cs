using System.Text;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

public class XmlFileSourceTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    private static TestEvent[] ThreeEvents() =>
    [
        TestEvent.Iis2282("a", "c:\\a.dll", T0, 1),
        TestEvent.Iis2282("b", "c:\\b.dll", T0.AddSeconds(1), 2),
        TestEvent.Iis2282("c", "c:\\c.dll", T0.AddSeconds(2), 3),
    ];

    private static (List<WinEvent> Events, List<InputProblem> Problems, SourceCounters Counters) Read(string path)
    {
        var problems = new List<InputProblem>();
        var source = InputCatalog.Open(path, problems.Add);
        Assert.NotNull(source);
        var counters = new SourceCounters();
        var events = source.ReadEvents(null, counters, problems.Add).ToList();
        return (events, problems, counters);
    }

    [Fact]
    public void Reads_Splunk_form_one_event_a_line()
    {
        using var dir = new TempDirectory();
        var (events, problems, counters) = Read(dir.Write("app.log", TestEvent.SplunkFile(ThreeEvents())));
        Assert.Empty(problems);
        Assert.Equal(["a", "b", "c"], events.Select(e => e["Computer"]));
        Assert.Equal([1L, 2L, 3L], events.Select(e => ((LineOrigin)e.Origin).Line));
        Assert.Equal(3, counters.Events);
    }

    [Fact]
    public void Reads_wevtutil_exports_pretty_printed_with_wrapper_and_declaration()
    {
        using var dir = new TempDirectory();
        var (events, problems, _) = Read(dir.Write("app.xml", TestEvent.WevtutilFile(ThreeEvents())));
        Assert.Empty(problems);
        Assert.Equal(["c:\\a.dll", "c:\\b.dll", "c:\\c.dll"], events.Select(e => e["ModuleDll"]));
        Assert.Equal(3, ((LineOrigin)events[0].Origin).Line);
    }

    [Theory]
    [InlineData("utf-16le")]
    [InlineData("utf-16be")]
    [InlineData("utf-8-bom")]
    public void Reads_UTF16_and_UTF8_with_a_byte_order_mark(string encodingName)
    {
        Encoding encoding = encodingName switch
        {
            "utf-16le" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
            "utf-16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
            _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        };
        using var dir = new TempDirectory();
        var events = ThreeEvents().Select(e => e with { Data = [("ModuleDll", "C:\\Agent Ü&Co\\m.dll")] });
        var (read, problems, _) = Read(dir.Write("app.xml", TestEvent.WevtutilFile(events).Replace("UTF-8", "UTF-16", StringComparison.Ordinal), encoding));
        Assert.Empty(problems);
        Assert.Equal(3, read.Count);
        Assert.All(read, e => Assert.Equal("C:\\Agent Ü&Co\\m.dll", e["ModuleDll"]));
    }

    [Fact]
    public void A_truncated_line_is_reported_with_its_line_and_the_rest_is_read()
    {
        var lines = ThreeEvents().Select(e => e.ToSplunk()).ToList();
        lines.Insert(1, lines[1][..200]);
        using var dir = new TempDirectory();
        var path = dir.Write("app.log", string.Join("\n", lines) + "\n");
        var (events, problems, counters) = Read(path);
        Assert.Equal(["a", "b", "c"], events.Select(e => e["Computer"]));
        var problem = Assert.Single(problems);
        Assert.Equal((path, 2L), (problem.Path, problem.Line));
        Assert.Contains("truncated event", problem.Reason, StringComparison.Ordinal);
        Assert.Equal((4L, 1L), (counters.Events, counters.Malformed));
    }

    [Fact]
    public void A_not_well_formed_event_and_junk_between_events_are_reported_and_skipped()
    {
        var lines = ThreeEvents().Select(e => e.ToSplunk()).ToList();
        lines[1] = lines[1].Replace("</Channel>", "</Chanel>", StringComparison.Ordinal);
        lines.Insert(2, "this line is no XML");
        using var dir = new TempDirectory();
        var (events, problems, counters) = Read(dir.Write("app.log", string.Join("\n", lines)));
        Assert.Equal(["a", "c"], events.Select(e => e["Computer"]));
        Assert.Equal([2L, 3L], problems.Select(p => p.Line!.Value));
        Assert.Contains("malformed event", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Chanel", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("text outside any <Event> element: \"this line is no XML\"", problems[1].Reason, StringComparison.Ordinal);
        Assert.Equal(2, counters.Malformed);
    }

    [Fact]
    public void A_file_cut_inside_the_last_event_reports_it()
    {
        using var dir = new TempDirectory();
        var text = TestEvent.WevtutilFile(ThreeEvents());
        var (events, problems, _) = Read(dir.Write("cut.xml", text[..(text.Length - 60)]));
        Assert.Equal(2, events.Count);
        Assert.Contains("the file ends before </Event>", Assert.Single(problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_inputs_stream_across_buffer_boundaries()
    {
        var events = Enumerable.Range(0, 3000).Select(i => TestEvent.Iis2282("h" + i, "c:\\m.dll", T0.AddSeconds(i), i)).ToList();
        using var dir = new TempDirectory();
        var (splunk, problems, _) = Read(dir.Write("big.log", TestEvent.SplunkFile(events)));
        var (wevtutil, problems2, _) = Read(dir.Write("big.xml", TestEvent.WevtutilFile(events)));
        Assert.Empty(problems);
        Assert.Empty(problems2);
        Assert.Equal(events.Select(e => e.Computer), splunk.Select(e => e["Computer"]));
        Assert.Equal(events.Select(e => e.Computer), wevtutil.Select(e => e["Computer"]));
    }

    [Fact]
    public void The_raw_filter_skips_parsing_and_counts_what_it_skipped()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("app.log", TestEvent.SplunkFile(ThreeEvents()));
        var problems = new List<InputProblem>();
        var counters = new SourceCounters();
        var events = InputCatalog.Open(path, problems.Add)!.ReadEvents(raw => raw.Contains("b.dll", StringComparison.Ordinal), counters, problems.Add, TestContext.Current.CancellationToken).ToList();
        Assert.Equal(["b"], events.Select(e => e["Computer"]));
        Assert.Equal((3L, 2L), (counters.Events, counters.Skipped));
    }

    [Theory]
    [InlineData("&#55;373", "7373")]
    [InlineData("&#x37;&#x33;73", "7373")]
    [InlineData("c:&#92;temp", "c:\\temp")]
    [InlineData("&#128512;7373", "\U0001F6007373")]
    public void The_raw_filter_also_sees_character_references_decoded(string written, string decoded)
    {
        // XML may spell any character as a reference; the field holds the character, so the filter must find it.
        using var dir = new TempDirectory();
        var xml = TestEvent.Iis2282("a", "c:\\a.dll", T0, 1).ToSplunk().Replace(">c:\\a.dll<", $">{written}|c:\\a.dll<", StringComparison.Ordinal);
        var path = dir.Write("app.log", xml + "\n");
        var seen = new List<string>();
        var events = InputCatalog.Open(path, _ => { })!.ReadEvents(raw => { seen.Add(raw.ToString()); return raw.Contains(decoded, StringComparison.Ordinal); }, new SourceCounters(), _ => { }, TestContext.Current.CancellationToken).ToList();
        Assert.Single(events);
        Assert.Equal(decoded + "|c:\\a.dll", events[0]["ModuleDll"]);
        Assert.Equal(2, seen.Count);
        Assert.Contains(written, seen[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_and_non_numeric_references_are_left_as_written_for_the_filter()
    {
        using var dir = new TempDirectory();
        var xml = TestEvent.Iis2282("a", "c:\\a.dll", T0, 1).ToSplunk().Replace(">c:\\a.dll<", ">&amp;#50;x &#;y &#xZZ;z &#99999999;w|<", StringComparison.Ordinal);
        var path = dir.Write("app.log", xml + "\n");
        var seen = new List<string>();
        var counters = new SourceCounters();
        _ = InputCatalog.Open(path, _ => { })!.ReadEvents(raw => { seen.Add(raw.ToString()); return false; }, counters, _ => { }, TestContext.Current.CancellationToken).ToList();
        Assert.Equal(1L, counters.Skipped);
        Assert.Equal(2, seen.Count);
        Assert.Contains("&amp;#50;x &#;y &#xZZ;z &#99999999;w|", seen[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'E', (byte)'l', (byte)'f', (byte)'F', (byte)'i', (byte)'l', (byte)'e', 0, 1, 2 }, InputFormat.Evtx)]
    [InlineData(new byte[] { (byte)' ', (byte)'{', (byte)'"' }, InputFormat.Json)]
    [InlineData(new byte[] { (byte)'[', (byte)'{' }, InputFormat.Json)]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'<', (byte)'E' }, InputFormat.Xml)]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'<', 0 }, InputFormat.Xml)]
    [InlineData(new byte[] { (byte)'<', 0, (byte)'E', 0 }, InputFormat.Xml)]
    [InlineData(new byte[] { (byte)'h', (byte)'i' }, InputFormat.Unknown)]
    [InlineData(new byte[] { }, InputFormat.Unknown)]
    public void The_format_comes_from_the_content_not_the_name(byte[] head, InputFormat expected) =>
        Assert.Equal(expected, InputFormatDetector.Detect(head).Format);

    [Fact]
    public void Directories_mean_every_file_below_in_name_order_and_bad_files_are_reported()
    {
        using var dir = new TempDirectory();
        dir.Write("z/last.txt", TestEvent.SplunkFile(ThreeEvents()));
        dir.Write("a.evtx.renamed", TestEvent.SplunkFile(ThreeEvents()));
        dir.Write("notes.md", "# not a log");
        var problems = new List<InputProblem>();
        var files = InputCatalog.ExpandPaths([dir.Path, Path.Combine(dir.Path, "missing")], problems.Add).Select(f => f.Path).ToList();
        Assert.Equal(["a.evtx.renamed", "notes.md", "last.txt"], files.Select(Path.GetFileName));
        Assert.Contains("no such file or directory", Assert.Single(problems).Reason, StringComparison.Ordinal);
        Assert.Null(InputCatalog.Open(files[1], problems.Add));
        Assert.Contains("not a Windows event log", problems[^1].Reason, StringComparison.Ordinal);
        Assert.NotNull(InputCatalog.Open(files[0], problems.Add));
    }

    [Fact]
    public void Keeps_the_control_characters_XML_forbids_raw_and_as_references()
    {
        // Windows writes control characters in event values and Splunk indexes them, though XML 1.0 forbids them.
        const string Expected = "c:\\r\u0002w\u000f\u001b\u0000.dll";
        var raw = TestEvent.Iis2282("a", "c:\\PLACE.dll", T0, 1).ToSplunk().Replace("PLACE", "r\u0002w\u000f\u001b\u0000", StringComparison.Ordinal);
        var references = TestEvent.Iis2282("b", "c:\\PLACE.dll", T0, 2).ToSplunk().Replace("PLACE", "r&#x2;w&#15;&#x1B;&#0;", StringComparison.Ordinal);
        var inAttribute = TestEvent.Iis2282("c", "c:\\x.dll", T0, 3).ToSplunk().Replace("EventSourceName='W3SVC-WP'", "EventSourceName='W3\u0007SVC'", StringComparison.Ordinal);
        using var dir = new TempDirectory();
        var (events, problems, counters) = Read(dir.Write("app.log", raw + "\n" + references + "\n" + inAttribute + "\n"));
        Assert.Empty(problems);
        Assert.Equal(3, counters.Events);
        Assert.Equal([Expected, Expected, "c:\\x.dll"], events.Select(e => e["ModuleDll"]));
        Assert.Equal("W3\u0007SVC", events[2]["EventSourceName"]);
        Assert.Equal(raw, events[0].Raw);
    }

    [Fact]
    public void A_control_character_in_an_element_name_is_still_a_malformed_event_named_by_line()
    {
        var broken = TestEvent.Iis2282("a", "c:\\x.dll", T0, 1).ToSplunk().Replace("<Computer>", "<Comp\u0002uter>", StringComparison.Ordinal);
        using var dir = new TempDirectory();
        var (events, problems, _) = Read(dir.Write("app.log", TestEvent.Iis2282("z", "c:\\z.dll", T0, 9).ToSplunk() + "\n" + broken + "\n"));
        Assert.Equal(["z"], events.Select(e => e["Computer"]));
        var problem = Assert.Single(problems);
        Assert.Equal(2L, problem.Line);
        Assert.Equal(InputProblemKind.MalformedEvent, problem.Kind);
    }
}
