using Vigil.Tests.Support;
using static Vigil.Tests.Knowledge.AddOnFixture;

namespace Vigil.Tests.Knowledge;

/// <summary>
/// The props/transforms/eventtypes/tags semantics that decide results, each pinned on a real add-on directory, as the
/// props.conf and transforms.conf specifications (Splunk 9.x/10.x) and the Knowledge Manager manual describe them.
/// </summary>
public class KnowledgeSemanticsTests
{
    private const string Security = "XmlWinEventLog:Security";

    [Fact]
    public void An_AS_alias_overwrites_and_removes_its_target_when_the_source_is_missing_while_ASNEW_keeps_it()
    {
        // props.conf.spec, FIELDALIAS: "If the alias field name already exists, the Splunk software replaces its value
        // ... If the <orig_field_name> field has no value or does not exist, the <new_field_name> is removed" (AS);
        // ASNEW "does not change it ... the <new_field_name> is kept".
        using var addOn = new AddOnFixture("""
            [XmlWinEventLog]
            FIELDALIAS-a = Computer AS dest
            FIELDALIAS-b = SubjectUserName AS user
            FIELDALIAS-c = TargetUserName ASNEW src_user
            """);
        var present = addOn.Apply(Security, ("Computer", "dc01"), ("dest", "old"), ("SubjectUserName", "alice"), ("TargetUserName", "bob"), ("src_user", "keep"));
        Assert.Equal("dc01", Text(present, "dest"));
        Assert.Equal("alice", Text(present, "user"));
        Assert.Equal("keep", Text(present, "src_user"));

        var missing = addOn.Apply(Security, ("dest", "old"), ("user", "stale"));
        Assert.Null(Text(missing, "dest"));
        Assert.Null(Text(missing, "user"));
        Assert.Null(Text(missing, "src_user"));
        Assert.Equal("bob", Text(addOn.Apply(Security, ("TargetUserName", "bob")), "src_user"));
    }

    [Fact]
    public void Aliases_apply_in_class_order_so_a_later_class_reads_an_earlier_alias()
    {
        // Knowledge Manager: aliases of one source type are processed in lexicographical order of their class.
        using var addOn = new AddOnFixture("""
            [XmlWinEventLog]
            FIELDALIAS-2second = first_alias AS second_alias
            FIELDALIAS-1first = Computer AS first_alias
            """);
        var row = addOn.Apply(Security, ("Computer", "dc01"));
        Assert.Equal("dc01", Text(row, "second_alias"));
    }

    [Fact]
    public void Calculated_fields_all_see_the_values_from_before_any_of_them_and_override_extracted_ones_even_with_null()
    {
        // props.conf.spec, EVAL: "EVAL-x = y*2 and EVAL-y=100 ... x is assigned the original value of y * 2";
        // Knowledge Manager: a calculated field overrides an extracted field of its name "even if the eval statement
        // evaluates to null".
        using var addOn = new AddOnFixture("""
            [XmlWinEventLog]
            EVAL-x = y * 2
            EVAL-y = 100
            EVAL-Status = if(EventCode==4625, Status, null())
            FIELDALIAS-z = y AS y_alias
            EVAL-from_alias = y_alias . "!"
            """);
        var row = addOn.Apply(Security, ("y", "4"), ("EventCode", "4624"), ("Status", "0xC000006D"));
        Assert.Equal("8", Text(row, "x"));
        Assert.Equal("100", Text(row, "y"));
        Assert.Null(Text(row, "Status"));
        Assert.Equal("4!", Text(row, "from_alias"));
    }

    [Fact]
    public void OUTPUT_overwrites_and_a_miss_clears_while_OUTPUTNEW_writes_only_missing_fields()
    {
        // props.conf.spec, LOOKUP: OUTPUTNEW writes each output field "only ... if it did not previous exist. Otherwise,
        // the output fields are always overridden. Any event that has all of the <match_field> values but no matching
        // entry in the lookup table clears all of the output fields."
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            LOOKUP-1new = codes EventCode OUTPUTNEW action, signature AS name
            LOOKUP-2over = codes EventCode OUTPUT signature
            """,
            transforms: """
            [codes]
            filename = codes.csv
            """,
            lookups: new Dictionary<string, string> { ["codes.csv"] = "EventCode,action,signature\n4624,success,An account was logged on\n4625,failure,An account failed to log on\n" });
        var hit = addOn.Apply(Security, ("EventCode", "4625"), ("action", "kept"), ("signature", "replaced"));
        Assert.Equal("kept", Text(hit, "action"));
        Assert.Equal("An account failed to log on", Text(hit, "name"));
        Assert.Equal("An account failed to log on", Text(hit, "signature"));

        var miss = addOn.Apply(Security, ("EventCode", "1"), ("action", "kept"), ("signature", "cleared"));
        Assert.Equal("kept", Text(miss, "action"));
        Assert.Null(Text(miss, "signature"));

        var noInput = addOn.Apply(Security, ("signature", "untouched"));
        Assert.Equal("untouched", Text(noInput, "signature"));
    }

    [Fact]
    public void Lookups_match_wildcards_CIDR_blocks_case_as_configured_and_each_value_of_a_multivalue_input()
    {
        // transforms.conf.spec: match_type WILDCARD()/CIDR(), case_sensitive_match, max_matches; first rows in file order.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            LOOKUP-paths = paths path OUTPUT verdict
            LOOKUP-nets = nets ip OUTPUT zone
            """,
            transforms: """
            [paths]
            filename = paths.csv
            match_type = WILDCARD(path)
            case_sensitive_match = false
            max_matches = 1

            [nets]
            filename = nets.csv
            match_type = CIDR(ip)
            """,
            lookups: new Dictionary<string, string>
            {
                ["paths.csv"] = "path,verdict\n*\\temp\\*,suspicious\n*.dll,library\n",
                ["nets.csv"] = "ip,zone\n10.1.2.3/8,internal\n192.168.0.0/16,lab\n",
            });
        Assert.Equal("suspicious", Text(addOn.Apply(Security, ("path", "C:\\TEMP\\msf.dll")), "verdict"));
        Assert.Equal("library", Text(addOn.Apply(Security, ("path", "C:\\inetsrv\\a.dll")), "verdict"));
        Assert.Equal("internal", Text(addOn.Apply(Security, ("ip", "10.200.0.1")), "zone"));
        Assert.Equal("internal|lab", Text(addOn.Apply(Security, ("ip", new[] { "10.0.0.1", "192.168.1.1" })), "zone"));
        Assert.Null(Text(addOn.Apply(Security, ("ip", "11.0.0.1")), "zone"));
    }

    [Fact]
    public void A_source_stanza_wins_over_the_sourcetype_stanza_for_the_same_setting_and_both_add_their_own()
    {
        // props.conf.spec: "[source::<source>] settings override both" host and sourcetype settings.
        using var addOn = new AddOnFixture("""
            [XmlWinEventLog]
            EVAL-vendor_product = "Microsoft Windows"
            EVAL-from_sourcetype = "yes"

            [source::XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]
            EVAL-vendor_product = "Microsoft Sysmon"

            [source::...Sysmon...]
            EVAL-from_pattern = "yes"

            [source::XmlWinEventLog:*]
            EVAL-star = "crosses no slash"
            """);
        var sysmon = addOn.Apply("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
        Assert.Equal("Microsoft Sysmon", Text(sysmon, "vendor_product"));
        Assert.Equal("yes", Text(sysmon, "from_sourcetype"));
        Assert.Equal("yes", Text(sysmon, "from_pattern"));
        Assert.Null(Text(sysmon, "star"));
        var security = addOn.Apply(Security);
        Assert.Equal("Microsoft Windows", Text(security, "vendor_product"));
        Assert.Equal("crosses no slash", Text(security, "star"));
    }

    [Fact]
    public void Extractions_keep_the_first_value_unless_MV_ADD_and_never_replace_what_the_XML_reader_read()
    {
        // transforms.conf.spec, MV_ADD: "otherwise the newly found value is discarded"; KEEP_EMPTY_VALS false: no field
        // for an empty value. FORMAT $1::$2 extracts every match.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            REPORT-pairs = pairs, more
            EXTRACT-first = id=(?<first_id>\d+)
            EXTRACT-hash = SHA256=(?<sha256>[0-9A-F]+) in Hashes
            """,
            transforms: """
            [pairs]
            REGEX = (\w+)=(\w*)
            FORMAT = $1::$2
            MV_ADD = true

            [more]
            REGEX = (\w+)=(\w+)
            FORMAT = $1::$2
            """);
        var row = addOn.Apply(Security, ("_raw", "a=1 b=2 a=3 e= id=7 Computer=fake"), ("Computer", "dc01"), ("Hashes", "MD5=00,SHA256=ABCD"));
        Assert.Equal("1|3", Text(row, "a"));
        Assert.Equal("2", Text(row, "b"));
        Assert.Null(Text(row, "e"));
        Assert.Equal("7", Text(row, "first_id"));
        Assert.Equal("dc01", Text(row, "Computer"));
        Assert.Equal("ABCD", Text(row, "sha256"));
    }

    [Fact]
    public void An_extraction_that_runs_out_of_time_gives_that_event_nothing_is_reported_once_and_the_rest_still_applies()
    {
        // Nested quantifiers over a run of a's that ends wrong: the backtracking engine tries every split of the run.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            EXTRACT-first = id=(?<first_id>\d+)
            EXTRACT-runaway = (?<run>(a+)+$)
            """);
        var runaway = "id=7 " + new string('a', 80) + "!";
        for (var i = 0; i < 2; i++)
        {
            var row = addOn.Apply(Security, ("_raw", runaway));
            Assert.Equal("7", Text(row, "first_id"));
            Assert.Null(Text(row, "run"));
        }

        Assert.Equal("aaa", Text(addOn.Apply(Security, ("_raw", "id=8 aaa")), "run"));
        var props = Path.Combine(addOn.Root, "default", "props.conf");
        var problem = Assert.Single(addOn.Knowledge.Problems, p => p.ToString().Contains("ran past", StringComparison.Ordinal));
        Assert.Equal($"{props}:3: EXTRACT-runaway: a regular expression ran past its 2 s on a text of 86 characters: that text of _raw gives no more fields", problem.ToString());
    }

    [Fact]
    public void A_calculated_field_or_event_type_out_of_time_gives_that_event_nothing_and_is_left_out_after_three()
    {
        // Nested quantifiers over a run of a's that ends wrong: the backtracking engine tries every split of the run.
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            EVAL-swapped = replace(Note, "(a+)+$", "b")
            EVAL-kept = "here"
            """,
            eventtypes: """
            [runaway_notes]
            search = *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*!
            """);
        Assert.Equal("b", Text(addOn.Apply(Security, ("Note", "aaa")), "swapped"));
        var runaway = new string('a', 40) + "?";
        for (var i = 0; i < Vigil.Knowledge.Fields.RegexTimeouts.GiveUpAfter; i++)
        {
            var row = addOn.Apply(Security, ("Note", runaway), ("_raw", runaway));
            Assert.Null(Text(row, "swapped"));
            Assert.Equal("here", Text(row, "kept"));
            Assert.Null(Text(row, "eventtype"));
        }

        // Left out now, even where it would not run out of time: not computed, so a field of its name stands.
        Assert.Null(Text(addOn.Apply(Security, ("Note", "aaa")), "swapped"));
        Assert.Equal("own", Text(addOn.Apply(Security, ("Note", "aaa"), ("swapped", "own")), "swapped"));

        var props = Path.Combine(addOn.Root, "default", "props.conf");
        var problems = addOn.Knowledge.Problems.Select(p => p.ToString()).Where(p => p.Contains("ran past", StringComparison.Ordinal) || p.Contains("left out for", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                $"{props}:2: EVAL-swapped: a regular expression ran past its 2 s on a text of 41 characters: the field is null for that event",
                $"{props}:2: EVAL-swapped: left out for the rest of the run, after 3 texts on which a regular expression ran past its time",
            ],
            problems.Where(p => p.Contains("EVAL-swapped", StringComparison.Ordinal)));
        Assert.Contains(problems, p => p.Contains("event type 'runaway_notes': a regular expression ran past its 1 s on a text of 41 characters: that event is not given the type", StringComparison.Ordinal));
    }

    [Fact]
    public void Event_types_and_tags_are_fields_and_tag_searches_compile_to_what_carries_the_tag()
    {
        // tags.conf.spec: [<fieldname>=<value>] with URL-encoded values; eventtypes.conf: priority 1 first, then name.
        using var addOn = new AddOnFixture(
            "[XmlWinEventLog]\n",
            eventtypes: """
            [windows_process_new]
            search = source=XmlWinEventLog:Security EventCode=4688
            priority = 5

            [all_security]
            search = source=XmlWinEventLog:Security
            """,
            tags: """
            [eventtype=windows_process_new]
            process = enabled
            report = enabled

            [Service_Name=kadmin%2Fchangepw]
            kerberos = enabled

            [eventtype=all_security]
            report = disabled
            windows = enabled
            """);
        var row = addOn.Apply(Security, ("EventCode", "4688"), ("Service_Name", "kadmin/changepw"));
        Assert.Equal("windows_process_new|all_security", Text(row, "eventtype"));
        Assert.Equal("process|report|windows", Text(row, "tag::eventtype"));
        Assert.Equal("kerberos", Text(row, "tag::Service_Name"));
        Assert.Equal("kerberos|process|report|windows", Text(row, "tag"));

        var rows = new[] { Support.Spl.Row(("source", Security), ("EventCode", "4688")), Support.Spl.Row(("source", Security), ("EventCode", "4624")) };
        Assert.Single(Support.Spl.Run("tag=process tag=report", rows, addOn.Definitions).Rows);
        Assert.Equal(2, Support.Spl.Run("tag=windows", rows, addOn.Definitions).Rows.Count);
        Assert.Empty(Support.Spl.Run("tag=nothing_has_this", rows, addOn.Definitions).Rows);
        Assert.Single(Support.Spl.Run("tag::eventtype=proc*", rows, addOn.Definitions).Rows);
    }

    [Fact]
    public void Local_overrides_default_setting_by_setting()
    {
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            EVAL-a = "default"
            EVAL-b = "default"
            """,
            local: """
            [XmlWinEventLog]
            EVAL-b = "local"
            """);
        var row = addOn.Apply(Security);
        Assert.Equal("default", Text(row, "a"));
        Assert.Equal("local", Text(row, "b"));
    }

    [Fact]
    public void Settings_Vigil_cannot_apply_are_reported_once_with_file_and_line_and_the_rest_still_loads()
    {
        using var addOn = new AddOnFixture(
            """
            [XmlWinEventLog]
            KV_MODE = auto
            EXTRACT-bad = (?<broken
            EVAL-nofunc = no_such_function(x)
            FIELDALIAS-bad = a TO b
            EVAL-good = "still here"
            BOGUS_SETTING = 1
            not a setting line
            """,
            transforms: """
            [index_time]
            REGEX = x
            DEST_KEY = MetaData:Sourcetype
            """);
        var problems = addOn.Knowledge.Problems.Select(p => p.ToString()).ToList();
        var props = Path.Combine(addOn.Root, "default", "props.conf");
        Assert.Contains(problems, p => p.StartsWith(props + ":2: KV_MODE = auto", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(props + ":3: the regular expression does not compile", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(props + ":4: EVAL-nofunc cannot run", StringComparison.Ordinal) && p.Contains("no_such_function", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(props + ":5: FIELDALIAS must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(props + ":7: props.conf setting 'BOGUS_SETTING'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(props + ":8: expected 'key = value'", StringComparison.Ordinal));
        Assert.Equal(problems.Count, problems.Distinct().Count());
        Assert.Equal("still here", Text(addOn.Apply(Security), "good"));
    }

    [Fact]
    public void A_missing_or_non_add_on_directory_is_an_error()
    {
        var knowledge = Vigil.Knowledge.KnowledgeBase.Empty();
        using var dir = new TempDirectory();
        dir.Write("plain/file.txt", "x");
        Assert.False(knowledge.AddAddOn(Path.Combine(dir.Path, "missing")));
        Assert.False(knowledge.AddAddOn(Path.Combine(dir.Path, "plain")));
        Assert.All(knowledge.Problems, p => Assert.True(p.IsError));
        Assert.Equal(2, knowledge.Problems.Count);
    }
}
