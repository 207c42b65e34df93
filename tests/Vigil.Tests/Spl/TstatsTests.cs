using Vigil.Spl.Syntax;
using Vigil.Knowledge.Conf;
using Vigil.Knowledge.DataModels;
using Vigil.Spl.Definitions;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// tstats over data models, as the Search Reference describes it for summariesonly=false: dataset constraints and
/// calculated fields in lineage order, fields named by the dataset that defines them, WHERE like search, BY like
/// stats, fillnull_value for missing by-fields.
/// </summary>
public class TstatsTests
{
    private const string Model = """
        {"modelName":"Test","objects":[
          {"objectName":"Things","parentName":"BaseEvent","constraints":[{"search":"kind=thing"}],
           "fields":[{"fieldName":"name","type":"string"},{"fieldName":"size","type":"number"},{"fieldName":"color","type":"string"},{"fieldName":"_time","type":"timestamp"}],
           "calculations":[{"calculationType":"Eval","expression":"if(isnull(owner) OR owner=\"\",\"unknown\",owner)","outputFields":[{"fieldName":"owner"}]}]},
          {"objectName":"Orphans","parentName":"Things","constraints":[{"search":"owner=unknown"}],
           "fields":[{"fieldName":"label"}],"calculations":[]},
          {"objectName":"Counted","parentName":"BaseSearch","baseSearch":"kind=thing | eval copies=split(parts, \",\")",
           "fields":[{"fieldName":"copies"}],"calculations":[]}
        ]}
        """;

    private static SplDefinitions Definitions()
    {
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader(Model), "test.json", problems)!);
        Assert.Empty(problems);
        return definitions;
    }

    private static readonly DateTime T0 = new(2024, 1, 1, 10, 0, 0, DateTimeKind.Utc);

    private static List<Vigil.Spl.Values.Row> Events() =>
    [
        Row(("kind", "thing"), ("name", "a"), ("size", "5"), ("owner", "ann"), ("_time", T0), ("parts", "x,y")),
        Row(("kind", "thing"), ("name", "b"), ("size", "20"), ("_time", T0.AddMinutes(30)), ("label", "big"), ("color", "red")),
        Row(("kind", "thing"), ("name", "B"), ("size", "30"), ("owner", ""), ("_time", T0.AddHours(2))),
        Row(("kind", "other"), ("name", "c"), ("size", "1"), ("_time", T0)),
    ];

    [Fact]
    public void Options_may_stand_between_the_functions()
    {
        // ESCU writes `| tstats count `security_content_summariesonly` values(...)`, which Splunk runs.
        var definitions = Definitions();
        Assert.Equal(["Things.name=B count=1 size=30", "Things.name=a count=1 size=5"],
            Run("| tstats count summariesonly=false fillnull_value=null values(Things.size) as size from datamodel=Test.Things where Things.owner=* by Things.name | search size!=20", Events(), definitions).Lines());
        var error = Assert.Throws<SplCompileException>(() => Run("| tstats count prestats=true values(Things.size) from datamodel=Test.Things", Events(), definitions));
        Assert.Contains("tstats prestats=true is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_by_fields_drop_rows_unless_fillnull_value_fills_them()
    {
        // Search Reference, tstats: fillnull_value "replaces null values for group-by fields"; without it such rows drop.
        // Groups sort as stats sorts them: upper case before lower case.
        var definitions = Definitions();
        Assert.Equal(
            ["Things.name=B Things.color=null count=1", "Things.name=a Things.color=null count=1", "Things.name=b Things.color=red count=1"],
            Run("| tstats fillnull_value=null count from datamodel=Test.Things by Things.name Things.color", Events(), definitions).Lines());
        Assert.Equal(["Things.name=b Things.color=red count=1"],
            Run("| tstats count from datamodel=Test.Things by Things.name Things.color", Events(), definitions).Lines());
        // Binned by _time too: the bin does not stand in for the missing field.
        Assert.Equal(["Things.color=red _time=10:00 count=1"],
            Run("| tstats count from datamodel=Test.Things by Things.color _time span=1h | convert timeformat=\"%H:%M\" ctime(_time)", Events(), definitions).Lines());
        Assert.Equal(["Things.color=none _time=10:00 count=1", "Things.color=none _time=12:00 count=1", "Things.color=red _time=10:00 count=1"],
            Run("| tstats fillnull_value=none count from datamodel=Test.Things by Things.color _time span=1h | convert timeformat=\"%H:%M\" ctime(_time)", Events(), definitions).Lines());
        // A field of a child dataset is no field of its parent: Things.label stays empty though the event has label.
        Assert.Equal(["Things.label=null count=3"],
            Run("| tstats fillnull_value=null count from datamodel=Test.Things by Things.label", Events(), definitions).Lines());
    }

    [Fact]
    public void Calculated_fields_give_their_defaults_and_a_child_constraint_sees_them()
    {
        var definitions = Definitions();
        Assert.Equal(
            ["Things.owner=ann count=1", "Things.owner=unknown count=2"],
            Run("| tstats count from datamodel=Test.Things by Things.owner", Events(), definitions).Lines());
        // The child's constraint (owner=unknown) reads the parent's calculated owner; its own field is Things.Orphans.label.
        Assert.Equal(
            ["Things.name=b Things.Orphans.label=big count=1"],
            Run("| tstats count from datamodel=Test.Orphans by Things.name Things.Orphans.label", Events(), definitions).Lines());
        Assert.Equal(
            ["count=2"],
            Run("| tstats count from datamodel=Test.Things where nodename=Things.Orphans", Events(), definitions).Lines());
    }

    [Fact]
    public void Where_compares_like_search_and_the_aggregations_work_as_in_stats()
    {
        var definitions = Definitions();
        Assert.Equal(
            ["count=2 dc(Things.name)=2 values(Things.name)=B|b max(Things.size)=30"],
            Run("| tstats count dc(Things.name) values(Things.name) max(Things.size) from datamodel=Test.Things where Things.name=B NOT Things.owner=ANN", Events(), definitions).Lines());
        Assert.Equal(
            ["count=1"],
            Run("| tstats count from datamodel=Test.Things where Things.name IN (\"x\", \"a*\") Things.size<10", Events(), definitions).Lines());
        // Fields the data model does not define are not there, even if the events have them.
        Assert.Equal(["count=0"], Run("| tstats count from datamodel=Test.Things where Things.parts=*", Events(), definitions).Lines());
    }

    [Fact]
    public void By_time_with_a_span_groups_by_the_start_of_each_bin()
    {
        var definitions = Definitions();
        var result = Run("| tstats count from datamodel=Test.Things by _time span=1h | convert timeformat=\"%H:%M\" ctime(_time)", Events(), definitions);
        Assert.Equal(["_time=10:00 count=2", "_time=12:00 count=1"], result.Lines());
    }

    [Fact]
    public void A_base_search_root_runs_its_commands_and_a_multivalue_by_field_splits_the_row()
    {
        var definitions = Definitions();
        Assert.Equal(
            ["Counted.copies=x count=1", "Counted.copies=y count=1"],
            Run("| tstats count from datamodel=Test.Counted by Counted.copies", Events(), definitions).Lines());
    }

    [Fact]
    public void Drop_dm_object_name_strips_the_prefix_quoted_or_not()
    {
        var definitions = Definitions();
        definitions.Add(new MacroDefinition("drop_dm_object_name", ["object"], "rename \"$object$.*\" AS *"));
        foreach (var macro in new[] { "`drop_dm_object_name(Things)`", "`drop_dm_object_name(\"Things\")`" })
        {
            Assert.Equal(["name=a count=1"], Run($"| tstats count from datamodel=Test.Things where Things.name=a by Things.name | {macro}", Events(), definitions).Lines());
        }
    }

    [Fact]
    public void The_shipped_CIM_Endpoint_Processes_defaults_missing_fields_to_unknown()
    {
        var content = Searchable.Content;
        var events = new[]
        {
            Row(("sourcetype", "XmlWinEventLog"), ("source", "XmlWinEventLog:Security"), ("EventCode", "4688"), ("Computer", "h1"),
                ("NewProcessName", "C:\\Windows\\System32\\cmd.exe"), ("CommandLine", "cmd /c whoami"), ("SubjectUserName", "alice"), ("TargetUserName", "-")),
        };
        var knowledge = content.CreateFieldKnowledge();
        foreach (var row in events)
        {
            knowledge.Apply(row, Vigil.Spl.Execution.SearchContext.Utc());
        }

        var result = Run("| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name Processes.original_file_name Processes.user", events, content.Definitions);
        Assert.Equal(["Processes.dest=h1 Processes.process_name=cmd.exe Processes.original_file_name=unknown Processes.user=alice count=1"], result.Lines());
    }

    [Fact]
    public void A_field_defaulted_to_unknown_is_what_eval_gives_it_whatever_it_holds()
    {
        // The Test model defaults owner as the CIM defaults 104 fields, which projections decide without the evaluator
        // for text and nothing; the rest go to it. Each event's projected owner must be what the eval command makes.
        object?[] owners = [null, "", " ", "x", "0", "-", "unknown", 5.0, new[] { "", "a" }, new[] { "a", "b" }, T0];
        var events = owners.Select((owner, i) => Row(("kind", "thing"), ("name", $"n{i}"), ("owner", owner), ("_time", T0))).ToList();
        var definitions = Definitions();

        var projected = Run("| tstats values(Things.owner) as owner from datamodel=Test.Things by Things.name | rename Things.name as name", events, definitions).Lines();
        var evaluated = Run("kind=thing | eval owner=if(isnull(owner) OR owner=\"\",\"unknown\",owner) | stats values(owner) as owner by name", events, definitions).Lines();

        Assert.Equal(owners.Length, projected.Count);
        Assert.Equal(evaluated, projected);
    }

    [Fact]
    public void A_tstats_asks_of_events_only_what_the_dataset_fields_it_reads_need()
    {
        IReadOnlySet<string> Reads(string search) =>
            Vigil.Spl.Execution.SplPipeline.Compile(search, Definitions()).EventFieldsRead ?? throw new InvalidOperationException(search + " reads any field");

        // The inherited fields, the constraint's and the one field read; not the dataset's others, nor the calculation.
        Assert.Equal(["_time", "host", "index", "kind", "name", "source", "sourcetype"], Reads("| tstats count from datamodel=Test.Things by Things.name").Order(StringComparer.Ordinal));

        // A calculated field needs what its calculation reads; a child dataset, its ancestors' constraints too.
        Assert.Contains("owner", Reads("| tstats count from datamodel=Test.Things where Things.owner=unknown"));
        var orphans = Reads("| tstats count from datamodel=Test.Orphans by Things.Orphans.label");
        Assert.Superset(new HashSet<string> { "kind", "owner", "label" }, new HashSet<string>(orphans));
        Assert.DoesNotContain("name", orphans);

        // A base search's own reads count for every search over it.
        Assert.Superset(new HashSet<string> { "kind", "parts", "copies" }, new HashSet<string>(Reads("| tstats count from datamodel=Test.Counted by Counted.copies")));

        // from datamodel gives every field of the dataset, with the event's text.
        Assert.Superset(new HashSet<string> { "name", "size", "color", "owner", "_raw" }, new HashSet<string>(Reads("| from datamodel:Test.Things | stats count by name")));
    }

    [Fact]
    public void Constraints_over_several_sources_take_each_sources_events_however_they_come()
    {
        // A projection folds its constraints for each source it meets (MetadataFolding), except where a calculation
        // may change the source the next constraint sees (Moved writes it).
        const string channels = """
            {"modelName":"Channels","objects":[
              {"objectName":"Either","parentName":"BaseEvent","constraints":[{"search":"(source=A kind=thing) OR (source=B kind=other)"}],
               "fields":[{"fieldName":"name"}],"calculations":[]},
              {"objectName":"OnlyB","parentName":"Either","constraints":[{"search":"NOT source=A"}],"fields":[],"calculations":[]},
              {"objectName":"Moved","parentName":"BaseEvent","constraints":[{"search":"(source=A OR source=B) kind=thing"}],
               "fields":[{"fieldName":"name"}],
               "calculations":[{"calculationType":"Eval","expression":"if(source=\"A\",\"B\",source)","outputFields":[{"fieldName":"source"}]}]},
              {"objectName":"MovedToB","parentName":"Moved","constraints":[{"search":"source=B"}],"fields":[],"calculations":[]}
            ]}
            """;
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader(channels), "channels.json", problems)!);
        Assert.Empty(problems);
        List<Vigil.Spl.Values.Row> events =
        [
            Row(("source", "A"), ("kind", "thing"), ("name", "a1")),
            Row(("source", "B"), ("kind", "other"), ("name", "b1")),
            Row(("source", "A"), ("kind", "other"), ("name", "a2")),
            Row(("source", "B"), ("kind", "thing"), ("name", "b2")),
            Row(("source", "C"), ("kind", "thing"), ("name", "c1")),
            Row(("source", new[] { "A", "B" }), ("kind", "other"), ("name", "m1")),
            Row(("kind", "thing"), ("name", "n1")),
            Row(("source", "a"), ("kind", "thing"), ("name", "a3")),
        ];

        Assert.Equal(["Either.name=a1 count=1", "Either.name=a3 count=1", "Either.name=b1 count=1", "Either.name=m1 count=1"],
            Run("| tstats count from datamodel=Channels.Either by Either.name", events, definitions).Lines());
        Assert.Equal(["Either.name=b1 count=1"], Run("| tstats count from datamodel=Channels.OnlyB by Either.name", events, definitions).Lines());
        Assert.Equal(["Moved.name=a1 count=1", "Moved.name=b2 count=1"],
            Run("| tstats count from datamodel=Channels.MovedToB by Moved.name", events, definitions).Lines());
    }

    [Fact]
    public void A_dataset_no_event_can_be_in_closes_the_gate_of_the_searches_over_it()
    {
        const string never = """
            {"modelName":"Tagged","objects":[
              {"objectName":"Untagged","parentName":"BaseEvent","constraints":[{"search":"tag=nothing_gives_this"}],"fields":[{"fieldName":"name"}],"calculations":[]},
              {"objectName":"Kinds","parentName":"BaseEvent","constraints":[{"search":"kind=thing"}],"fields":[{"fieldName":"name"}],"calculations":[]}
            ]}
            """;
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader(never), "tagged.json", problems)!);
        Assert.Empty(problems);

        bool Closed(string search) => Vigil.Spl.Execution.SplPipeline.Compile(search, definitions).Gate(_ => true).IsClosed;
        Assert.True(Closed("| tstats count from datamodel=Tagged.Untagged by Untagged.name"));
        Assert.True(Closed("| from datamodel:Tagged.Untagged"));
        Assert.False(Closed("| tstats count from datamodel=Tagged.Kinds by Kinds.name"));

        // What it gives is what it gives when offered every event: none is in the dataset.
        Assert.Equal(["count=0"], Run("| tstats count from datamodel=Tagged.Untagged", Events(), definitions).Lines());
    }

    [Fact]
    public void A_calculation_out_of_time_stops_each_search_over_its_dataset_and_none_is_given_the_rows_before()
    {
        // Nested quantifiers over a run of a's that ends wrong: the backtracking engine tries every split of the run.
        const string model = """
            {"modelName":"Notes","objects":[
              {"objectName":"Seen","parentName":"BaseEvent","constraints":[{"search":"kind=note"}],
               "fields":[{"fieldName":"run"}],
               "calculations":[{"calculationType":"Rex","inputField":"note","expression":"(?<run>(a+)+$)","outputFields":[{"fieldName":"run"}]}]}
            ]}
            """;
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader(model), "notes.json", problems)!);
        Assert.Empty(problems);

        // One context, so one projection shared by the two tstats: the first meets the timeout, and the second must
        // not be given the rows projected from the event before.
        var context = Vigil.Spl.Execution.SearchContext.Utc();
        var first = Vigil.Spl.Execution.SplPipeline.Compile("| tstats count from datamodel=Notes.Seen by Seen.run", definitions).Start(context);
        var second = Vigil.Spl.Execution.SplPipeline.Compile("| tstats count from datamodel=Notes.Seen", definitions).Start(context);
        var counting = Vigil.Spl.Execution.SplPipeline.Compile("kind=note | stats count", definitions).Start(context);
        foreach (var row in new[] { Row(("kind", "note"), ("note", "aaa")), Row(("kind", "note"), ("note", new string('a', 40) + "!")) })
        {
            first.Push(row);
            second.Push(row);
            counting.Push(row);
        }

        foreach (var run in new[] { first, second })
        {
            var failure = Assert.IsType<Vigil.Spl.Execution.SplLimitException>(run.Complete().Failure);
            Assert.StartsWith("a regular expression ran past its 2 s on a text of 41 characters", failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(["count=2"], counting.Complete().Lines());
    }

    [Fact]
    public void Searches_sharing_a_projection_each_get_their_fields_even_one_started_after_events_came()
    {
        var definitions = Definitions();
        var events = Events();
        const string byName = "| tstats count from datamodel=Test.Things by Things.name";
        const string byOwner = "| tstats count from datamodel=Test.Things by Things.owner";

        // One context, so one projection: each run asks only for its fields, the projection makes their union.
        var context = Vigil.Spl.Execution.SearchContext.Utc();
        var names = Vigil.Spl.Execution.SplPipeline.Compile(byName, definitions).Start(context);
        foreach (var row in events.Take(2))
        {
            names.Push(row);
        }

        // Started once events came (as a map's search is): the next events are projected with its fields too.
        var owners = Vigil.Spl.Execution.SplPipeline.Compile(byOwner, definitions).Start(context);
        foreach (var row in events.Skip(2))
        {
            names.Push(row);
            owners.Push(row);
        }

        Assert.Equal(Run(byName, events, definitions).Lines(), names.Complete().Lines());
        Assert.Equal(Run(byOwner, events.Skip(2), definitions).Lines(), owners.Complete().Lines());
        Assert.Equal(["Things.owner=unknown count=1"], Run(byOwner, events.Skip(2), definitions).Lines());
    }

    [Fact]
    public void A_calculated_field_is_the_events_own_where_its_calculation_writes_nothing()
    {
        // The calculations work on a copy of part of the event; the dataset's other fields are read from the event.
        // A rex that does not match writes nothing, so the event's own value of its output stands, as it would if the
        // rex ran on the event itself; an eval's output replaces the event's; an uncalculated field is the event's.
        const string model = """
            {"modelName":"Files","objects":[
              {"objectName":"Seen","parentName":"BaseEvent","constraints":[{"search":"kind=file"}],
               "fields":[{"fieldName":"path"},{"fieldName":"user"}],
               "calculations":[
                 {"calculationType":"Rex","inputField":"path","expression":"\\\\(?<file_name>[^\\\\]+)$","outputFields":[{"fieldName":"file_name"}]},
                 {"calculationType":"Eval","expression":"upper(user)","outputFields":[{"fieldName":"owner"}]}]}
            ]}
            """;
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader(model), "files.json", problems)!);
        Assert.Empty(problems);
        var events = new List<Vigil.Spl.Values.Row>
        {
            Row(("kind", "file"), ("path", "C:\\temp\\a.exe"), ("file_name", "stale"), ("user", "ann"), ("owner", "x")),
            Row(("kind", "file"), ("path", "nowhere"), ("file_name", "own.txt"), ("user", "bob")),
            Row(("kind", "file"), ("path", "nowhere")),
        };

        Assert.Equal(
            ["Seen.path=C:\\temp\\a.exe Seen.file_name=a.exe Seen.owner=ANN Seen.user=ann", "Seen.path=nowhere Seen.file_name=none Seen.owner=none Seen.user=none", "Seen.path=nowhere Seen.file_name=own.txt Seen.owner=BOB Seen.user=bob"],
            Run("| tstats fillnull_value=none count from datamodel=Files.Seen by Seen.path Seen.file_name Seen.owner Seen.user | fields - count", events, definitions).Lines());
    }
}
