using Vigil.Events.Sources;
using Vigil.Tests.Support;

namespace Vigil.Tests.Events;

/// <summary>
/// Nothing is lost without being counted: for every input, the events found are those yielded plus those skipped, each
/// skip counted under one reason (no search could match, not well-formed, over a limit, damaged record), and the
/// inputs' accounts add up to the reader's totals. Checked on the real EVTX files, damaged ones included, with and
/// without recovery and the prefilter, beside an XML file holding a truncated event and one over a limit.
/// </summary>
public class InputAccountingTests
{
    /// <summary>Record counts evtxexport gives for intact logs (../shared/README.md).</summary>
    private static readonly Dictionary<string, long> KnownRecords = new(StringComparer.Ordinal)
    {
        ["many-events-application.evtx"] = 2216,
        ["new-user-security.evtx"] = 4,
        ["security.evtx"] = 2261,
        ["system.evtx"] = 1881,
        ["sysmon.evtx"] = 358,
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Per_input_numbers_add_up_and_match_the_events_yielded(bool recover, bool prefilter)
    {
        var deepblue = TestPaths.RequireShared("evtx", "deepbluecli");
        var crate = TestPaths.RequireShared("evtx", "evtx-crate");
        var winlogbeat = TestPaths.RequireShared("json", "winlogbeat");
        using var dir = new TempDirectory();

        // The sample log with line 6 cut short (not well-formed) and line 10 padded past the event size limit.
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log")).ToList();
        var limit = lines.Max(l => l.Length) + 1000;
        lines[5] = lines[5][..100];
        var at = lines[9].LastIndexOf("</Event>", StringComparison.Ordinal);
        lines[9] = lines[9][..at].Replace("</System>", "</System><!--" + new string('x', limit) + "-->", StringComparison.Ordinal) + lines[9][at..];
        var xml = dir.Write("application.log", string.Join("\n", lines) + "\n");

        var problems = new List<InputProblem>();
        var options = new InputOptions { Threads = 1, Recover = recover, Limits = ReaderLimits.Default with { XmlEventSize = limit } };
        var reader = new InputReader([deepblue, crate, xml, winlogbeat], options, problems.Add);
        RawEventFilter? filter = prefilter ? raw => raw.Contains("2282", StringComparison.Ordinal) || raw.Contains("4624", StringComparison.Ordinal) : null;
        var yielded = reader.Read(filter, TestContext.Current.CancellationToken)
            .GroupBy(e => e.Origin.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

        var accounts = reader.Inputs;
        Assert.Equal(reader.FilesRead + reader.FilesUnreadable, accounts.Count);
        Assert.Equal(Directory.GetFiles(deepblue).Length + Directory.GetFiles(crate).Length + 1 + Directory.GetFiles(winlogbeat).Length, accounts.Count);
        foreach (var input in accounts)
        {
            var c = input.Counters;
            Assert.Equal(yielded.GetValueOrDefault(input.Path), c.Parsed);
            Assert.Equal(c.Events, c.Parsed + c.Skipped + c.NotWellFormed + c.OverLimit + c.DamagedRecords);
            Assert.Equal(c.Skipped, c.SkippedFor(SkipReason.NoSearchCouldMatch));
            Assert.True(c.Parsed >= 0 && c.Salvaged <= c.Events && c.Recovered <= c.Events, input.Path);
            if (input.Readable)
            {
                Assert.Equal(new FileInfo(input.Path).Length, c.Bytes);
            }
            else
            {
                // The licence files beside the logs: unreadable, nothing counted.
                Assert.StartsWith("LICENSE", Path.GetFileName(input.Path), StringComparison.Ordinal);
                Assert.Equal(0, c.Events);
            }

            if (!prefilter && !recover && KnownRecords.TryGetValue(Path.GetFileName(input.Path), out var records))
            {
                Assert.Equal(records, c.Events);
                Assert.Equal(records, c.Parsed);
            }

            if (!prefilter)
            {
                Assert.Equal(0, c.Skipped);
            }

            if (!recover)
            {
                Assert.Equal(0, c.Recovered);
            }
        }

        // The totals are the sum of the inputs.
        var total = reader.Counters;
        Assert.Equal(yielded.Values.Sum(), total.Parsed);
        Assert.Equal(accounts.Sum(a => a.Counters.Events), total.Events);
        foreach (var reason in Enum.GetValues<SkipReason>())
        {
            Assert.Equal(accounts.Sum(a => a.Counters.SkippedFor(reason)), total.SkippedFor(reason));
        }

        Assert.Equal(accounts.Sum(a => a.Counters.Bytes), total.Bytes);
        Assert.Equal(accounts.Sum(a => a.Counters.Salvaged), total.Salvaged);
        Assert.Equal(accounts.Sum(a => a.Counters.Recovered), total.Recovered);
        Assert.Equal(accounts.Sum(a => a.Counters.DamagedChunks), total.DamagedChunks);

        // What the damaged inputs came to, each under its reason.
        var byName = accounts.ToDictionary(a => Path.GetFileName(a.Path), a => a.Counters, StringComparer.Ordinal);
        Assert.Equal((68L, 1L, 1L), (byName["application.log"].Events, byName["application.log"].NotWellFormed, byName["application.log"].OverLimit));
        Assert.Single(problems, p => p.Kind == InputProblemKind.OverLimit);
        Assert.Equal(1, byName["sample-with-zero-data-size-event.evtx"].DamagedRecords);
        Assert.True(byName["sample_with_a_bad_chunk_magic.evtx"].DamagedChunks > 0);
        if (!prefilter)
        {
            // Records the prefilter rejects are skipped, salvaged or recovered though they were.
            Assert.Equal(3, byName["sample_with_a_bad_chunk_magic.evtx"].Salvaged);
            Assert.Equal(recover ? 163 : 0, byName["sample_with_a_bad_chunk_magic.evtx"].Recovered);
        }

        Assert.True(!prefilter || total.Skipped > 0);
    }
}
