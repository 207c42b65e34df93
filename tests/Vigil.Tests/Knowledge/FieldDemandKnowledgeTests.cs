using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Values;

namespace Vigil.Tests.Knowledge;

/// <summary>Knowledge with a demand: only the steps leading to the demanded fields, or all of them with event types and tags.</summary>
public sealed class FieldDemandKnowledgeTests
{
    private const string Security = "XmlWinEventLog:Security";

    private const string EventTypes = """
        [logon]
        search = EventCode=4624
        """;

    [Fact]
    public void Only_the_steps_leading_to_the_demanded_fields_run_unless_every_field_is_asked_for()
    {
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            EVAL-a = "A" . EventCode
            EVAL-b = "B"
            """,
            eventtypes: EventTypes);
        addOn.Fields.Demand = FieldDemand.Fixed(new HashSet<string> { "a" });

        var demanded = addOn.Apply(Security, ("EventCode", "4624"));
        Assert.Equal("A4624", demanded["a"].ToString());
        Assert.True(demanded["b"].IsNull);
        Assert.True(demanded["eventtype"].IsNull);

        var row = Support.Spl.Row([("sourcetype", "XmlWinEventLog"), ("source", Security), ("EventCode", "4624")]);
        addOn.Fields.Apply(row, SearchContext.Utc(), everyField: true);
        Assert.Equal("A4624", row["a"].ToString());
        Assert.Equal("B", row["b"].ToString());
        Assert.Equal("logon", row["eventtype"].ToString());
    }

    [Fact]
    public void Fields_only_searches_told_apart_by_literals_read_are_computed_only_for_events_holding_their_literals()
    {
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            EVAL-a = "A" . EventCode
            EVAL-told = "T" . EventCode
            EVAL-b = "B"
            """,
            eventtypes: EventTypes);
        Func<string, bool> verbatim = f => f == "EventCode";
        var searches = new[] { "source=\"XmlWinEventLog:Security\" | stats count by a", "EventCode=4698 | stats count by told" }
            .Select(s => SplPipeline.Compile(s, addOn.Definitions)).ToList();
        var literals = new LiteralTable(searches.SelectMany(p => p.PartGates(verbatim)));
        addOn.Fields.Demand = FieldDemand.Of(searches, verbatim, SearchContext.Utc()).WithLiterals(literals);

        Row Event(string code) =>
            Support.Spl.Row([("sourcetype", "XmlWinEventLog"), ("source", Security), ("EventCode", code), ("_raw", $"<EventID>{code}</EventID>")]);

        Row Apply(string code)
        {
            var row = Event(code);
            var hits = new EventLiterals(literals);
            hits.Set(row["_raw"].ToString(), null);
            addOn.Fields.Apply(row, SearchContext.Utc(), everyField: false, hits);
            return row;
        }

        var other = Apply("4624");
        Assert.Equal("A4624", other["a"].ToString());
        Assert.True(other["told"].IsNull);
        Assert.True(other["b"].IsNull);

        var told = Apply("4698");
        Assert.Equal("A4698", told["a"].ToString());
        Assert.Equal("T4698", told["told"].ToString());
        Assert.True(told["b"].IsNull);

        // Without the event's literals, every field demanded of its kind.
        var unscanned = Event("4624");
        addOn.Fields.Apply(unscanned, SearchContext.Utc(), everyField: false);
        Assert.Equal("T4624", unscanned["told"].ToString());
        Assert.True(unscanned["b"].IsNull);
    }

    [Fact]
    public void Past_the_plans_kept_an_event_gets_every_literal_told_field_never_fewer_than_it_needs()
    {
        // Nine searches told apart by nine literals, each reading a field of its own: 512 combinations, more than the
        // plans kept. An event gets the fields of the literals it holds, exactly while plans are made for it, and
        // every such field once they are not.
        const int Searches = 9;
        using var addOn = new AddOnFixture(
            "[XmlWinEventLog]\n" + string.Join("\n", Enumerable.Range(1, Searches).Select(i => $"EVAL-f{i} = \"F{i}\"")),
            eventtypes: EventTypes);
        Func<string, bool> verbatim = _ => false;
        var searches = Enumerable.Range(1, Searches).Select(i => SplPipeline.Compile($"token{i}x | stats count by f{i}", addOn.Definitions)).ToList();
        var literals = new LiteralTable(searches.SelectMany(p => p.PartGates(verbatim)));
        addOn.Fields.Demand = FieldDemand.Of(searches, verbatim, SearchContext.Utc()).WithLiterals(literals);

        var exact = 0;
        for (var combination = 0; combination < 1 << Searches; combination++)
        {
            var held = Enumerable.Range(1, Searches).Where(i => (combination & (1 << (i - 1))) != 0).ToList();
            var raw = string.Join(' ', held.Select(i => $"token{i}x"));
            var row = Support.Spl.Row([("sourcetype", "XmlWinEventLog"), ("source", Security), ("_raw", raw)]);
            var hits = new EventLiterals(literals);
            hits.Set(raw, null);
            addOn.Fields.Apply(row, SearchContext.Utc(), everyField: false, hits);

            var computed = Enumerable.Range(1, Searches).Where(i => !row[$"f{i}"].IsNull).ToList();
            Assert.Superset(held.ToHashSet(), computed.ToHashSet());
            if (computed.SequenceEqual(held))
            {
                exact++;
            }
            else
            {
                Assert.Equal(Enumerable.Range(1, Searches), computed);
            }
        }

        Assert.InRange(exact, 256, (1 << Searches) - 1);
    }

    [Fact]
    public void A_step_that_may_change_the_source_or_sourcetype_makes_every_field_computed()
    {
        // Dispatch tells the searches an event meets by its source and sourcetype after knowledge, not before.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            EVAL-sourcetype = "XmlWinEventLog:renamed"
            EVAL-b = "B"
            """,
            eventtypes: EventTypes);
        addOn.Fields.Demand = FieldDemand.Fixed(new HashSet<string> { "a" });

        var row = addOn.Apply(Security, ("EventCode", "4624"));
        Assert.Equal("B", row["b"].ToString());
        Assert.Equal("XmlWinEventLog:renamed", row["sourcetype"].ToString());
        Assert.Equal("logon", row["eventtype"].ToString());
    }

    [Fact]
    public void An_extraction_taking_field_names_from_the_text_keeps_the_demand()
    {
        // It never replaces a field the event had, and every event has its source and sourcetype.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            REPORT-pairs = pairs
            EVAL-b = "B"
            """,
            transforms: """
            [pairs]
            REGEX = (\w+)=(\w+)
            FORMAT = $1::$2
            """,
            eventtypes: EventTypes);
        addOn.Fields.Demand = FieldDemand.Fixed(new HashSet<string> { "x" });

        var row = addOn.Apply(Security, ("EventCode", "4624"), ("_raw", "x=k source=elsewhere"));
        Assert.Equal("k", row["x"].ToString());
        Assert.Equal(Security, row["source"].ToString());
        Assert.True(row["b"].IsNull);
        Assert.True(row["eventtype"].IsNull);
    }
}
