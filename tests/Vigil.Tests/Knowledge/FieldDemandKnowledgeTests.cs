using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;

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
