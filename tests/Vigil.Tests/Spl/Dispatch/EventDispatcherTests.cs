using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Spl.Dispatch;

/// <summary>Which searches an event meets: by source/sourcetype, by literals of the raw text, and never fewer than could match.</summary>
public sealed class EventDispatcherTests
{
    private static readonly Func<string, bool> Verbatim = f => f is "EventCode" or "Image";

    private static SplPipeline Compile(string search) => SplPipeline.Compile(search, new Vigil.Spl.Definitions.SplDefinitions());

    private static Row Event(string source, string sourcetype, string raw, params (string, object?)[] fields) =>
        Support.Spl.Row([("source", source), ("sourcetype", sourcetype), ("_raw", raw), .. fields]);

    /// <summary>Definitions holding one data model, read from its JSON without a problem.</summary>
    private static Vigil.Spl.Definitions.SplDefinitions WithModel(string json)
    {
        var problems = new List<Vigil.Knowledge.Conf.KnowledgeProblem>();
        var definitions = new Vigil.Spl.Definitions.SplDefinitions();
        definitions.Add(Vigil.Knowledge.DataModels.DataModelJson.Read(new StringReader(json), "m.json", problems)!);
        Assert.Empty(problems);
        return definitions;
    }

    [Fact]
    public void An_event_meets_only_the_searches_whose_source_and_literals_it_has()
    {
        var searches = new[]
        {
            "source=\"XmlWinEventLog:Security\" EventCode=4688 | stats count",
            "source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=1 Image=\"*\\\\mimikatz.exe\" | stats count",
            "sourcetype=aws:cloudtrail eventName=DeleteTrail | stats count",
            "index=risk | stats count",
            "EventCode=2282 OR EventCode=2280 | stats count",
            "* | stats count",
        }.Select(Compile).ToList();
        var dispatcher = new EventDispatcher(searches.Select(p => p.Gate(Verbatim)).ToList());
        var context = SearchContext.Utc();

        var security = Event("XmlWinEventLog:Security", "XmlWinEventLog", "<EventID>4688</EventID>", ("EventCode", "4688"));
        Assert.Equal([0, 5], dispatcher.Candidates(security, security["_raw"].ToString(), null, context));

        var iis = Event("XmlWinEventLog:Application", "XmlWinEventLog", "<EventID>2282</EventID>", ("EventCode", "2282"));
        Assert.Equal([4, 5], dispatcher.Candidates(iis, iis["_raw"].ToString(), null, context));

        // The literal only in the decoded form (a character reference) still counts.
        var spelled = Event("XmlWinEventLog:Application", "XmlWinEventLog", "<EventID>&#50;282</EventID>", ("EventCode", "2282"));
        Assert.Equal([5], dispatcher.Candidates(spelled, spelled["_raw"].ToString(), null, context));
        Assert.Equal([4, 5], dispatcher.Candidates(spelled, spelled["_raw"].ToString(), "<EventID>2282</EventID>", context));

        var cloud = Event("aws", "aws:cloudtrail", "{\"eventName\":\"DeleteTrail\"}");
        Assert.Equal([2, 5], dispatcher.Candidates(cloud, cloud["_raw"].ToString(), null, context));
    }

    [Fact]
    public void Gates_never_rule_out_an_event_the_search_matches()
    {
        var searches = new[]
        {
            "source=\"XmlWinEventLog:Security\" EventCode=4688",
            "(source=\"XmlWinEventLog:Security\" OR sourcetype=WinEventLog) EventCode IN (4624, 4625)",
            "NOT source=\"XmlWinEventLog:Security\" powershell",
            "sourcetype=XmlWinEventLog* \"-enc\" OR \"-encodedcommand\"",
            "EventCode=4688 Image=\"*cmd.exe\"",
        }.Select(Compile).ToList();
        var dispatcher = new EventDispatcher(searches.Select(p => p.Gate(Verbatim)).ToList());
        var context = SearchContext.Utc();
        var events = new[]
        {
            Event("XmlWinEventLog:Security", "XmlWinEventLog", "<EventID>4688</EventID><Data Name='Image'>C:\\x\\CMD.EXE</Data>", ("EventCode", "4688"), ("Image", "C:\\x\\CMD.EXE")),
            Event("WinEventLog:Security", "WinEventLog", "EventCode=4624", ("EventCode", "4624")),
            Event("XmlWinEventLog:System", "XmlWinEventLog", "<EventID>1</EventID> powershell.exe -EncodedCommand AAAA", ("EventCode", "1")),
            Event("XmlWinEventLog:Security", "XmlWinEventLog", "<EventID>4625</EventID> powershell -enc", ("EventCode", "4625")),
        };
        // Verbatim fields hold their value in the raw text (what the readers guarantee): each event's raw text has them.
        foreach (var row in events)
        {
            var candidates = dispatcher.Candidates(row, row["_raw"].ToString(), null, context).ToHashSet();
            for (var i = 0; i < searches.Count; i++)
            {
                if (searches[i].BaseSearch!.Matches(row))
                {
                    Assert.True(candidates.Contains(i), $"search {i} matches {row["_raw"]} but was not offered it");
                }
            }
        }
    }

    [Fact]
    public void Searches_of_the_risk_index_are_closed_to_file_events_and_a_search_without_needs_is_open()
    {
        Assert.True(Compile("index=risk | stats count").Gate(Verbatim).IsClosed);
        Assert.True(Compile("* | stats count").Gate(Verbatim).IsOpen);
        Assert.False(Compile("EventCode=1").Gate(Verbatim).IsOpen);
    }

    [Fact]
    public void Tstats_over_a_dataset_meet_only_the_rows_their_where_can_match()
    {
        // The sieve reads the dataset rows' name and cmd; the dispatcher makes the projection hold them even in a
        // context where no run over the dataset asked for them.
        var definitions = WithModel("""
            {"modelName":"M","objects":[{"objectName":"D","parentName":"BaseEvent","constraints":[{"search":"kind=x"}],
              "fields":[{"fieldName":"name"},{"fieldName":"cmd"},{"fieldName":"user"}]}]}
            """);
        var searches = new[]
        {
            "| tstats count from datamodel=M.D where D.name=cmd.exe by D.user",
            "| tstats count from datamodel=M.D where D.cmd=\"*-enc *\" by D.user",
            "| tstats count from datamodel=M.D where D.name IN (a.exe, b.exe) OR D.cmd=\"*whoami*\" by D.user",
            "| tstats count from datamodel=M.D where NOT D.name=cmd.exe by D.user",
            "kind=x | stats count",
        }.Select(search => SplPipeline.Compile(search, definitions)).ToList();
        var gates = searches.Select(p => p.Gate(Verbatim)).ToList();
        Assert.All(gates.Take(3), gate => Assert.NotNull(gate.SharedRows));
        Assert.Null(gates[3].SharedRows);
        var dispatcher = new EventDispatcher(gates);
        var context = SearchContext.Utc();

        List<int> Candidates(params (string, object?)[] fields)
        {
            var row = Event("XmlWinEventLog:Security", "XmlWinEventLog", "kind x", [("kind", "x"), .. fields]);
            return [.. dispatcher.Candidates(row, row["_raw"].ToString(), null, context)];
        }

        Assert.Equal([0, 3, 4], Candidates(("name", "CMD.EXE"), ("cmd", "cmd /c dir")));
        Assert.Equal([1, 3, 4], Candidates(("name", "powershell.exe"), ("cmd", "powershell -ENC aGk=")));
        Assert.Equal([1, 2, 3, 4], Candidates(("name", "b.exe"), ("cmd", "x -enc y")));
        Assert.Equal([2, 3, 4], Candidates(("name", "x.exe"), ("cmd", new[] { "y", "WhoAmI /all" })));
        Assert.Equal([3, 4], Candidates(("name", "x.exe")));

        // An event outside the dataset meets no tstats, whatever its fields (the event search has no gate to rule it out).
        var notInDataset = Event("XmlWinEventLog:Security", "XmlWinEventLog", "kind y", ("kind", "y"), ("name", "cmd.exe"));
        Assert.Equal([4], dispatcher.Candidates(notInDataset, notInDataset["_raw"].ToString(), null, context));
    }

    [Fact]
    public void A_dataset_test_out_of_time_rules_nothing_out()
    {
        // Nested quantifiers over a run of a's that ends wrong: the rex calculation runs past its time on the second
        // event. The dispatcher does not decide then: the tstats are offered the event, and their own runs stop.
        var definitions = WithModel("""
            {"modelName":"M","objects":[{"objectName":"D","parentName":"BaseEvent","constraints":[{"search":"kind=x"}],
              "fields":[{"fieldName":"run"}],
              "calculations":[{"calculationType":"Rex","inputField":"note","expression":"(?<run>(a+)+$)","outputFields":[{"fieldName":"run"}]}]}]}
            """);
        var searches = new[]
        {
            "| tstats count from datamodel=M.D where D.run=aaa",
            "| tstats count from datamodel=M.D",
        }.Select(search => SplPipeline.Compile(search, definitions)).ToList();
        var dispatcher = new EventDispatcher([.. searches.Select(p => p.Gate(Verbatim))]);
        var context = SearchContext.Utc();
        var quick = Event("XmlWinEventLog:Security", "XmlWinEventLog", "kind x", ("kind", "x"), ("note", "bbb"));
        Assert.Equal([1], dispatcher.Candidates(quick, quick["_raw"].ToString(), null, context));
        var runaway = Event("XmlWinEventLog:Security", "XmlWinEventLog", "kind x", ("kind", "x"), ("note", new string('a', 40) + "!"));
        Assert.Equal([0, 1], dispatcher.Candidates(runaway, runaway["_raw"].ToString(), null, context));
    }
}
