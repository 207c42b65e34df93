using Vigil.Events.Model;
using Vigil.Events.Sources;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

/// <summary>
/// Text inputs parse batches of events on several threads: read with one thread or several, a file gives the same
/// events in the same order with the same lines, and the same problems in the same order, damage included.
/// </summary>
public class TextParsingThreadsTests
{
    private static readonly DateTime T0 = new(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc);

    private sealed record Reading(List<string> Events, List<string> Problems, string Counts);

    private static Reading Read(string path, int threads, RawEventFilter? filter = null)
    {
        var problems = new List<InputProblem>();
        var source = InputCatalog.Open(path, problems.Add, InputOptions.Default with { Threads = threads });
        Assert.NotNull(source);
        var counters = new SourceCounters();
        var events = source.ReadEvents(filter, counters, problems.Add, TestContext.Current.CancellationToken)
            .Select(e => $"{e.Origin} {e.Time?.UnixTicks} {string.Join("|", e.Fields.Select(f => f.Name + "=" + f.Value))} {e.Raw}")
            .ToList();
        return new(
            events,
            [.. problems.Select(p => $"{p.Path}:{p.Line}-{p.EndLine} {p.Kind} {p.Reason}")],
            $"events {counters.Events}, skipped {counters.Skipped}, not well-formed {counters.NotWellFormed}, over a limit {counters.OverLimit}");
    }

    private static void SameWithEveryThreadCount(string path, RawEventFilter? filter = null)
    {
        var one = Read(path, 1, filter);
        foreach (var threads in new[] { 2, 3, 8 })
        {
            var many = Read(path, threads, filter);
            Assert.Equal(one.Events, many.Events);
            Assert.Equal(one.Problems, many.Problems);
            Assert.Equal(one.Counts, many.Counts);
        }
    }

    [Fact]
    public void The_bundled_XmlWinEventLog_with_damage_reads_the_same_on_any_number_of_threads()
    {
        // The 68 real events six times over: several batches, with damage of each kind in different ones.
        var lines = Enumerable.Repeat(File.ReadAllLines(Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log")), 6).SelectMany(l => l).ToList();
        var deep = string.Concat(Enumerable.Repeat("<a>", 20)) + "x" + string.Concat(Enumerable.Repeat("</a>", 20));
        lines[10] = lines[10][..300];
        lines.Insert(100, "not an event at all");
        lines[200] = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1</EventID></System><UserData>" + deep + "</UserData></Event>";
        lines[300] = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>1</System></Event>";
        using var dir = new TempDirectory();
        var path = dir.Write("app.log", string.Join("\n", lines) + "\n");

        var one = Read(path, 1);
        Assert.Equal(405, one.Events.Count);
        Assert.Equal(4, one.Problems.Count);
        Assert.Contains(" OverLimit ", one.Problems[2], StringComparison.Ordinal);
        SameWithEveryThreadCount(path);

        // With the prefilter most events are skipped unparsed: batches hold many frames and few events to parse.
        SameWithEveryThreadCount(path, raw => raw.Contains(">1531<", StringComparison.Ordinal));
    }

    [Fact]
    public void Winlogbeat_lines_with_damage_read_the_same_on_any_number_of_threads()
    {
        var events = Enumerable.Range(0, 300).Select(i => TestEvent.Iis2282("host" + i, $"c:\\m{i}.dll", T0.AddSeconds(i), i + 1));
        var lines = JsonEventForms.WinlogbeatFile(events).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines[70] = lines[70][..(lines[70].Length / 2)];
        lines.Insert(150, "[1, 2, 3]");
        lines[250] = "{\"no\": \"event here\"}";
        using var dir = new TempDirectory();
        var path = dir.Write("winlogbeat.json", string.Join("\n", lines) + "\n");

        var one = Read(path, 1);
        Assert.InRange(one.Events.Count, 290, 299);
        Assert.NotEmpty(one.Problems);
        SameWithEveryThreadCount(path);
    }
}
