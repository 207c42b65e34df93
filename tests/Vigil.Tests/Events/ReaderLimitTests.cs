using System.Text.Json;
using System.Xml.Linq;
using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Evtx;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

/// <summary>
/// The readers' limits (docs/limits.md), each set low over real inputs: an event just over a limit is a problem naming
/// the limit, its value and how to raise it, counted as skipped over a limit, and the events after it are still read.
/// EVTX records over the BinXML limits are salvaged rather than skipped.
/// </summary>
public class ReaderLimitTests
{
    private static readonly string SplunkSample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    private static readonly string ClassicSample = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components", "IIS-Configuration-Operational.log");

    private static readonly string KeyValueSample = Path.Combine(TestPaths.RepoRoot, "content", "tests", "iis_components", "pwsh_installediismodules.log") + "::Pwsh:InstalledIISModules";

    private sealed record Read(List<WinEvent> Events, List<InputProblem> Problems, SourceCounters Counters);

    private static Read ReadAll(string input, ReaderLimits limits, bool recover = false)
    {
        var problems = new List<InputProblem>();
        var reader = new InputReader([input], new InputOptions { Threads = 1, Recover = recover, Limits = limits }, problems.Add);
        var events = reader.Read(null, TestContext.Current.CancellationToken).ToList();
        Assert.Equal(events.Count, reader.Counters.Parsed);
        return new Read(events, problems, reader.Counters);
    }

    private static void AssertNamesLimit(string name, int value, string message)
    {
        Assert.Contains($"{value}", message, StringComparison.Ordinal);
        Assert.Contains($"(limit {name}; raise with --limit {name}={"N"})", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_XML_event_longer_than_the_limit_is_skipped_naming_it_and_the_rest_are_read()
    {
        var lines = File.ReadAllLines(SplunkSample);
        var limit = lines.Select(l => l.Trim().Length).Order().ElementAt(lines.Length / 2);
        var over = lines.Select((l, i) => (Length: l.Trim().Length, Line: i + 1L)).Where(l => l.Length > limit).Select(l => l.Line).ToList();
        Assert.InRange(over.Count, 1, lines.Length - 1);

        var read = ReadAll(SplunkSample, ReaderLimits.Default with { XmlEventSize = limit });
        Assert.Equal(over, read.Problems.Select(p => p.Line!.Value));
        Assert.All(read.Problems, p =>
        {
            Assert.Equal(InputProblemKind.OverLimit, p.Kind);
            Assert.Equal($"event longer than {limit} characters (limit xml.event-size; raise with --limit xml.event-size=N): skipped", p.Reason);
        });
        Assert.Equal(lines.Length - over.Count, read.Events.Count);
        Assert.Equal(Enumerable.Range(1, lines.Length).Select(i => (long)i).Except(over), read.Events.Select(e => ((LineOrigin)e.Origin).Line));
        Assert.Equal((lines.Length, over.Count, 0L), (read.Counters.Events, read.Counters.OverLimit, read.Counters.NotWellFormed));

        // At the default limit every event is read.
        Assert.Equal(lines.Length, ReadAll(SplunkSample, ReaderLimits.Default).Events.Count);
    }

    [Fact]
    public void An_XML_event_longer_than_the_buffer_and_the_limit_is_skipped_to_the_next_event()
    {
        // A real event whose last Data value is padded past the reader's 128K-character buffer, between two others.
        using var dir = new TempDirectory();
        var lines = File.ReadAllLines(SplunkSample).ToList();
        var big = lines.FindIndex(l => l.Contains("<EventID Qualifiers='49152'>2282</EventID>", StringComparison.Ordinal));
        Assert.True(big > 0);
        var at = lines[big].LastIndexOf("</Data>", StringComparison.Ordinal);
        lines[big] = lines[big][..at] + new string('x', 300_000) + lines[big][at..];
        var path = dir.Write("padded.log", string.Join("\n", lines) + "\n");

        var read = ReadAll(path, ReaderLimits.Default with { XmlEventSize = 100_000 });
        var problem = Assert.Single(read.Problems);
        Assert.Equal(big + 1, problem.Line);
        AssertNamesLimit(ReaderLimits.XmlEventSizeName, 100_000, problem.Reason);
        Assert.Equal(lines.Count - 1, read.Events.Count);
        Assert.Contains(read.Events, e => ((LineOrigin)e.Origin).Line == big + 2);
        Assert.Equal(lines.Count, ReadAll(path, ReaderLimits.Default).Events.Count);
    }

    [Fact]
    public void UserData_nested_deeper_than_the_limit_skips_the_event_naming_it_in_EVTX_too()
    {
        var application = TestPaths.RequireShared("evtx", "deepbluecli", "many-events-application.evtx");
        var all = ReadAll(application, ReaderLimits.Default);
        var deep = all.Events.Where(e => UserDataDepth(e.Raw) > 1).Select(e => e["EventRecordID"]).ToList();
        Assert.NotEmpty(deep);

        var read = ReadAll(application, ReaderLimits.Default with { XmlUserDataDepth = 1 });
        Assert.Equal(deep.Count, read.Counters.OverLimit);
        Assert.Equal(deep.Count, read.Problems.Count);
        Assert.All(read.Problems, p =>
        {
            Assert.Equal(InputProblemKind.OverLimit, p.Kind);
            Assert.Matches(@"^chunk \d+, record \d+, offset 0x[0-9A-F]+: UserData nested deeper than 1 elements \(limit xml.userdata-depth; raise with --limit xml.userdata-depth=N\): skipped$", p.Reason);
        });
        Assert.Equal(all.Events.Select(e => e["EventRecordID"]).Except(deep), read.Events.Select(e => e["EventRecordID"]));
        Assert.Equal(all.Counters.Events, read.Counters.Events);
    }

    private static int UserDataDepth(string xml)
    {
        var userData = XDocument.Parse(xml).Root!.Elements().FirstOrDefault(e => e.Name.LocalName == "UserData");
        return userData is null ? 0 : userData.Descendants().Select(d => d.Ancestors().TakeWhile(a => a != userData).Count() + 1).DefaultIfEmpty(0).Max();
    }

    [Fact]
    public void A_classic_WinEventLog_event_longer_than_the_limit_is_skipped_naming_it()
    {
        // The shipped IIS-Configuration events are 523, 486 and 480 characters long.
        var read = ReadAll(ClassicSample, ReaderLimits.Default with { TextEventSize = 500 });
        var problem = Assert.Single(read.Problems);
        Assert.Equal((1L, InputProblemKind.OverLimit), (problem.Line!.Value, problem.Kind));
        Assert.Equal("event longer than 500 characters (limit text.event-size; raise with --limit text.event-size=N): skipped", problem.Reason);
        Assert.Equal(2, read.Events.Count);
        Assert.Equal((3L, 1L), (read.Counters.Events, read.Counters.OverLimit));
        Assert.Equal(3, ReadAll(ClassicSample, ReaderLimits.Default).Events.Count);
    }

    [Fact]
    public void A_key_value_event_longer_than_the_limit_is_skipped_naming_it()
    {
        var all = ReadAll(KeyValueSample, ReaderLimits.Default);
        var over = all.Events.Where(e => e.Raw.Length > 305).ToList();
        Assert.Equal(2, over.Count);
        Assert.DoesNotContain(all.Events, e => e.Raw.Length is > 300 and <= 305);

        var read = ReadAll(KeyValueSample, ReaderLimits.Default with { TextEventSize = 305 });
        Assert.Equal(over.Select(e => ((LineOrigin)e.Origin).Line), read.Problems.Select(p => p.Line!.Value));
        Assert.All(read.Problems, p => AssertNamesLimit(ReaderLimits.TextEventSizeName, 305, p.Reason));
        Assert.Equal(all.Events.Except(over).Select(e => e.Raw), read.Events.Select(e => e.Raw));
    }

    [Fact]
    public void JSON_records_over_the_size_or_depth_limit_are_skipped_naming_it()
    {
        // Winlogbeat's own records, one file each (a top-level array), read as one input.
        var folder = TestPaths.RequireShared("json", "winlogbeat");
        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        var records = files.Select(f => (Text: RecordText(File.ReadAllText(f)), Depth: Depth(JsonDocument.Parse(File.ReadAllText(f)).RootElement[0]))).ToList();
        var all = ReadAll(folder, ReaderLimits.Default);
        Assert.Equal(files.Count, all.Events.Count);

        var size = records.Select(r => r.Text.Length).Order().ElementAt(1);
        var longer = records.Count(r => r.Text.Length > size);
        var bySize = ReadAll(folder, ReaderLimits.Default with { JsonRecordSize = size });
        Assert.Equal(longer, bySize.Counters.OverLimit);
        Assert.Equal(files.Count - longer, bySize.Events.Count);
        Assert.All(bySize.Problems, p => Assert.Equal($"record longer than {size} characters (limit json.record-size; raise with --limit json.record-size=N): skipped", p.Reason));

        var depth = records.Select(r => r.Depth).Max() - 1;
        var deeper = records.Count(r => r.Depth > depth);
        var byDepth = ReadAll(folder, ReaderLimits.Default with { JsonDepth = depth });
        Assert.Equal(deeper, byDepth.Counters.OverLimit);
        Assert.Equal(files.Count - deeper, byDepth.Events.Count);
        Assert.All(byDepth.Problems, p => Assert.Equal($"record nests objects and arrays deeper than {depth} levels (limit json.depth; raise with --limit json.depth=N): skipped", p.Reason));
    }

    /// <summary>The text of a file's one record: from its first '{' to its last '}'.</summary>
    private static string RecordText(string file) => file[file.IndexOf('{', StringComparison.Ordinal)..(file.LastIndexOf('}') + 1)];

    /// <summary>Objects and arrays nested in a value, the value itself counting one.</summary>
    private static int Depth(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => 1 + element.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + element.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    [Theory]
    [InlineData(EvtxLimits.NestingDepthName, 3, "nested template instances deeper than 3 levels")]
    [InlineData(EvtxLimits.FragmentsPerRecordName, 3, "more than 3 nested fragments and template instances in one record")]
    public void EVTX_records_over_a_BinXML_limit_are_salvaged_with_a_warning_naming_it(string name, int value, string message)
    {
        // Every record of this log nests a BinXML value in its template instance: four levels, four fragments.
        var application = TestPaths.RequireShared("evtx", "deepbluecli", "many-events-application.evtx");
        var all = ReadAll(application, ReaderLimits.Default);
        Assert.Equal(2216, all.Events.Count);
        Assert.Equal(0, all.Counters.Salvaged);

        var read = ReadAll(application, ReaderLimits.Default.With(name, value));
        Assert.Equal(2216, read.Events.Count);
        Assert.Equal(2216, read.Counters.Salvaged);
        Assert.Equal(all.Events.Select(e => ((EvtxOrigin)e.Origin).RecordId), read.Events.Select(e => ((EvtxOrigin)e.Origin).RecordId));
        var warnings = read.Problems.Where(p => p.Kind == InputProblemKind.Damage && p.Reason.Contains("salvaged", StringComparison.Ordinal)).ToList();
        Assert.Equal(2216, warnings.Count);
        Assert.All(warnings, p =>
        {
            Assert.Contains(message, p.Reason, StringComparison.Ordinal);
            Assert.Contains($"(limit {name}; raise with --limit {name}=N)", p.Reason, StringComparison.Ordinal);
        });

        // The EVTX reader itself, with the same limit.
        var summary = new EvtxFileSummary();
        var direct = EvtxFile.ReadRecords(application, new EvtxReaderOptions { Threads = 2, Limits = ReaderLimits.Default.With(name, value).Evtx }, summary, TestContext.Current.CancellationToken).ToList();
        Assert.Equal(2216, direct.Count);
        Assert.All(direct, r => Assert.True(r.Salvaged));
        Assert.Contains("<Damaged Offset=", direct[^1].Xml, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_reader_limit_has_a_stable_name_a_default_and_a_range()
    {
        Assert.Equal(
            ["xml.event-size", "xml.userdata-depth", "text.event-size", "json.record-size", "json.depth", "evtx.nesting-depth", "evtx.fragments-per-record"],
            ReaderLimits.All.Select(l => l.Name));
        Assert.Equal([16 * 1024 * 1024, 16, 4 * 1024 * 1024, 16 * 1024 * 1024, 64, 32, 1024], ReaderLimits.All.Select(l => l.Default));
        foreach (var limit in ReaderLimits.All)
        {
            Assert.Equal(limit.Default, ReaderLimits.Default[limit.Name]);
            Assert.Equal(7, ReaderLimits.Default.With(limit.Name, 7)[limit.Name]);
            Assert.Throws<ArgumentOutOfRangeException>(() => ReaderLimits.Default.With(limit.Name, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => ReaderLimits.Default.With(limit.Name, limit.Maximum + 1));
        }
    }
}
