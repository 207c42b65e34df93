using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Knowledge.AddOnFixture;

namespace Vigil.Tests.Knowledge;

/// <summary>Semantics a review found wrong, each pinned so it stays right.</summary>
public class ReviewFixTests
{
    private const string Security = "XmlWinEventLog:Security";

    [Fact]
    public void Computing_only_the_fields_read_keeps_an_extraction_that_feeds_another()
    {
        // Splunk_TA_windows cuts EventData_Xml from _raw, then reads pairs from it (SOURCE_KEY = EventData_Xml).
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            REPORT-a = block
            REPORT-b = pairs
            """,
            transforms: """
            [block]
            REGEX = <B>(.*)</B>
            FORMAT = Blk::$1

            [pairs]
            SOURCE_KEY = Blk
            REGEX = (\w+)=(\w+)
            FORMAT = $1::$2
            """);
        addOn.Fields.Demand = FieldDemand.Fixed(new HashSet<string> { "x" });
        var row = addOn.Apply(Security, ("_raw", "<B>x=k y=l</B>"));
        Assert.Equal("k", Text(row, "x"));
    }

    [Fact]
    public void A_transform_with_MV_ADD_extracts_every_match_of_a_fixed_name()
    {
        // transforms.conf.spec, MV_ADD: the extractor appends each value it finds; without it the first value stays.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            REPORT-all = every
            REPORT-first = first
            """,
            transforms: """
            [every]
            SOURCE_KEY = Answers
            REGEX = ([^;]+);
            FORMAT = answer::$1
            MV_ADD = true

            [first]
            SOURCE_KEY = Answers
            REGEX = ([^;]+);
            FORMAT = first_answer::$1
            """);
        var row = addOn.Apply(Security, ("Answers", "a.example;10.0.0.1;10.0.0.2;"));
        Assert.Equal("a.example|10.0.0.1|10.0.0.2", Text(row, "answer"));
        Assert.Equal("a.example", Text(row, "first_answer"));
    }

    [Fact]
    public void Groups_are_numbered_left_to_right_named_or_not_as_PCRE_numbers_them()
    {
        // PCRE numbers every capture group by its opening parenthesis; .NET puts named groups last.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            REPORT-mixed = mixed
            """,
            transforms: """
            [mixed]
            REGEX = (?<k>\w+):(\w+)
            FORMAT = first::$1 second::$2
            """);
        var row = addOn.Apply(Security, ("_raw", "alpha:beta"));
        Assert.Equal(("alpha", "beta"), (Text(row, "first"), Text(row, "second")));
        var rows = new[] { Support.Spl.Row(("v", "alpha:beta")) };
        Assert.Equal(["w=alpha"], Support.Spl.Run("* | eval w=replace(v, \"(?<k>\\w+):(\\w+)\", \"\\1\") | table w", rows).Lines());
        Assert.Equal(["v=beta-alpha"], Support.Spl.Run("* | rex field=v mode=sed \"s/(?<k>\\w+):(\\w+)/\\2-\\1/\" | table v", rows).Lines());
    }

    [Fact]
    public void Settings_under_a_broken_stanza_header_are_left_out_not_given_to_default()
    {
        using var addOn = new AddOnFixture("""
            [source::XmlWinEventLog:Security
            EVAL-leak = "everywhere"

            [XmlWinEventLog]
            EVAL-kept = "yes"
            """);
        var row = addOn.Apply("XmlWinEventLog:System");
        Assert.Null(Text(row, "leak"));
        Assert.Equal("yes", Text(row, "kept"));
        Assert.Contains(addOn.Knowledge.Problems, p => p.Line == 1 && p.Message.Contains("left out", StringComparison.Ordinal));
    }

    [Fact]
    public void Conf_booleans_read_in_any_case_and_spelling()
    {
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            LOOKUP-l = names name OUTPUT label
            """,
            transforms: """
            [names]
            filename = names.csv
            case_sensitive_match = FALSE
            """,
            eventtypes: """
            [off]
            search = source=*
            disabled = TRUE
            """,
            lookups: new Dictionary<string, string> { ["names.csv"] = "name,label\nAlice,found\n" });
        Assert.Equal("found", Text(addOn.Apply(Security, ("name", "ALICE")), "label"));
        Assert.DoesNotContain("off", addOn.Definitions.EventTypes.Keys);
    }

    [Fact]
    public void Event_types_with_a_priority_come_before_those_without_one()
    {
        // Knowledge Manager, "About event type priorities": types with a priority are listed above those without.
        using var addOn = new AddOnFixture(
            "[XmlWinEventLog]\n",
            eventtypes: """
            [a_none]
            search = source=*

            [z_ten]
            search = source=*
            priority = 10
            """);
        Assert.Equal("z_ten|a_none", Text(addOn.Apply(Security), "eventtype"));
    }

    [Fact]
    public void Stanzas_for_sourcetypes_Vigils_events_never_have_are_reported()
    {
        using var addOn = new AddOnFixture("""
            [WinEventLog]
            EVAL-classic = 1

            [XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]
            EVAL-old = 1

            [XmlWinEventLog]
            EVAL-fine = 1
            """);
        // WinEventLog is the classic text form's sourcetype, which Vigil reads: only the old Sysmon stanza is unused.
        var problem = Assert.Single(addOn.Knowledge.Problems);
        Assert.Contains("1 stanza(s) name sourcetypes Vigil's Windows events never have", problem.Message, StringComparison.Ordinal);
        Assert.Contains("[XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[WinEventLog]", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_EventData_block_ends_at_the_first_close_tag()
    {
        // Vigil's Windows add-on cuts EventData_Xml and UserData_Xml from _raw up to the first close tag, as a lazy
        // (.*?) does, though it is not written so (the regex interpreter of the native build was slow on it): a second
        // close tag later in the text (here in CDATA, as in script text a JSON record carries) is not reached.
        const string Xml =
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/><EventID>4104</EventID>"
            + "<Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>pc</Computer></System>"
            + "<EventData><Data Name='ScriptBlockText'>a &lt;b&gt;</Data><Data Name='Path'>c</Data></EventData>"
            + "<UserData><X>1</X></UserData>"
            + "<RenderingInfo Culture='en-US'><Message><![CDATA[x </EventData> y </UserData>]]></Message></RenderingInfo></Event>";
        var row = Searchable.Row(Vigil.Events.Xml.XmlEventParser.Parse(Xml, new Vigil.Events.Model.LineOrigin("test", 1)));
        Assert.Equal("<Data Name='ScriptBlockText'>a &lt;b&gt;</Data><Data Name='Path'>c</Data>", row.Field("EventData_Xml"));
        Assert.Equal("<X>1</X>", row.Field("UserData_Xml"));
    }
}
