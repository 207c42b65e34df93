using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Spl.Execution;
using Vigil.Tests.Support;

namespace Vigil.Tests.Hunt;

/// <summary>
/// Computing only the fields the searches that could take each event read changes no result: over the bundled sample,
/// the same rows as when every field is computed, with one search thread and three (which prepare events for each
/// other and scan their literals once), the hunt reading its events again for map or holding them.
/// </summary>
public sealed class FieldDemandHuntTests
{
    private const string Application = "source=\"XmlWinEventLog:Application\"";

    public static TheoryData<string[]> SearchSets => new()
    {
        // Searches naming their fields, one showing raw events (every field, for the events holding 2280), a map.
        new[]
        {
            Application + " EventCode=2282 | stats count min(_time) as firstTime by EventCode dest Name ModuleDll",
            Application + " EventCode=2280 | table _time EventCode dest ModuleDll",
            Application + " EventCode=2280",
            Application + " EventCode=2282 | stats count by EventCode | map search=\"search " + Application.Replace("\"", "\\\"", StringComparison.Ordinal) + " EventCode=$EventCode$ | stats count by ModuleDll\"",
            "source=\"XmlWinEventLog:System\" | stats count by Name",
            "EventCode=1309 | stats count by signature_id dvc",
        },

        // A search told apart by its literal reads a field a regular expression over the raw text computes
        // (EventData_Xml): computed only for the events holding the literal.
        new[]
        {
            Application + " EventCode=2282 | stats count by EventData_Xml",
            Application + " | stats count by dest",
            "EventCode=2280 | stats count by EventData_Xml dest",
        },

        // Event types and tags read as fields: every field for the events of their source.
        new[]
        {
            Application + " | stats count by eventtype",
            "EventCode=2282 | stats count by tag",
            Application + " EventCode=16384 | stats count by dest",
        },
    };

    [Theory]
    [MemberData(nameof(SearchSets))]
    public void Only_the_fields_searches_read_give_the_same_rows_as_every_field(string[] searches)
    {
        var sample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");
        var content = LoadedContent.Shipped();
        var pipelines = searches.Select(s => SplPipeline.Compile(s, content.Definitions)).ToList();

        List<string> Rows(bool onlyFieldsRead, int threads, bool readAgain)
        {
            var knowledge = content.CreateFieldKnowledge();
            var outcome = EventPass.Run(pipelines, new HuntOptions
            {
                Inputs = [sample],
                Knowledge = knowledge,
                OnlyFieldsRead = onlyFieldsRead,
                ReadEventsAgain = readAgain,
                Input = InputOptions.Default with { Threads = threads },
            }, SearchContext.Utc(), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(onlyFieldsRead, knowledge.Demand is not null);
            return [.. outcome.Results.SelectMany((r, i) => r.Result.Lines().Select(line => $"{i}: {line}"))];
        }

        var every = Rows(onlyFieldsRead: false, threads: 1, readAgain: true);
        Assert.True(every.Count >= searches.Length, string.Join("\n", every));
        foreach (var threads in new[] { 1, 3 })
        {
            foreach (var readAgain in new[] { true, false })
            {
                Assert.Equal(every, Rows(onlyFieldsRead: true, threads, readAgain));
            }
        }
    }
}
