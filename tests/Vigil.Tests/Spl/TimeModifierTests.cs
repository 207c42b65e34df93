using Vigil.Knowledge.Conf;
using Vigil.Knowledge.DataModels;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// Time modifiers in searches, pinned to the Search Reference pages "Time modifiers" (earliest inclusive, latest
/// exclusive, latest defaulting to now, relative/epoch/absolute forms, snapping, the deprecated start/end modifiers,
/// OR'ed windows in examples 5 and 6) and "search" (time-opts: timeformat, starttime inclusive). The search runs at
/// <see cref="Support.Spl.Now"/>: 2024-01-02T03:04:05Z.
/// </summary>
public class TimeModifierTests
{
    private static readonly DateTime Now = Support.Spl.Now.ToDateTime();
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static Row At(string id, DateTime time) => Row(("id", id), ("_time", time));

    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    /// <summary>The ids of the matching rows, newest first as events come out.</summary>
    private static List<string?> Ids(string search, IEnumerable<Row> rows, TimeZoneInfo? zone = null, SplDefinitions? definitions = null) =>
        Run(search, rows, definitions, zone).Column("id");

    private static Row[] AroundADay() =>
    [
        At("before", Now.AddHours(-24).AddSeconds(-1)),
        At("start", Now.AddHours(-24)),
        At("inside", Now.AddSeconds(-1)),
        At("now", Now),
        At("future", Now.AddSeconds(1)),
        At("epoch1", Utc(1970, 1, 1, 0, 0, 1)),
    ];

    [Fact]
    public void Earliest_is_inclusive_and_without_latest_the_range_ends_at_now_exclusive()
    {
        // "Time modifiers": earliest is the start of the range; "If you don't specify latest, now() is used"; latest
        // is exclusive, so an event stamped now is outside; "latest=now() does not return future events".
        Assert.Equal(["inside", "start"], Ids("earliest=-24h", AroundADay()));
        Assert.Equal(["inside", "start"], Ids("earliest=-24h latest=now", AroundADay()));
        Assert.Equal(["inside", "start"], Ids("earliest=-1d latest=now()", AroundADay()));
        // "To return future events, specify latest=<a_big_number>".
        Assert.Equal(["future", "now", "inside", "start"], Ids("earliest=-24h latest=4102444800", AroundADay()));
        // "earliest=1 ... UTC January 1, 1970 at 12:00:01 AM"; earliest=0 is the earliest event.
        Assert.Equal(["inside", "start", "before", "epoch1"], Ids("earliest=1", AroundADay()));
        Assert.Equal(["inside", "start", "before"], Ids("earliest=2", AroundADay()));
    }

    [Fact]
    public void Latest_alone_starts_at_the_beginning_of_time()
    {
        // "Time modifiers": latest ends the range, exclusive (example 6 writes it latest<@d). Vigil has no time range
        // picker, whose earliest would apply: with only latest, the range starts at the beginning of time.
        Assert.Equal(["before", "epoch1"], Ids("latest=-24h", AroundADay()));
        Assert.Equal(["inside", "start", "before", "epoch1"], Ids("latest=now", AroundADay()));
        Assert.Equal(["inside", "start", "before", "epoch1"], Ids("latest<now", AroundADay()));
    }

    [Fact]
    public void Snapping_rounds_down_in_the_search_time_zone()
    {
        // "Time modifiers": @d snaps to the beginning of the day, offset first, then the snap. Now is
        // 2024-01-01 22:04:05 in New York (UTC-5), so @d is 2024-01-01T05:00:00Z there and 2024-01-02T00:00:00Z in UTC.
        Row[] rows =
        [
            At("dec31-start", Utc(2023, 12, 31, 5)),
            At("dec31-before", Utc(2023, 12, 31, 4, 59, 59)),
            At("jan1-before", Utc(2024, 1, 1, 4, 59, 59)),
            At("jan1-start", Utc(2024, 1, 1, 5)),
            At("jan2-utc", Utc(2024, 1, 2)),
        ];
        Assert.Equal(["jan2-utc", "jan1-start"], Ids("earliest=@d", rows, NewYork));
        Assert.Equal(["jan2-utc"], Ids("earliest=@d", rows));
        Assert.Equal(["jan1-before", "dec31-start"], Ids("earliest=-1d@d latest=@d", rows, NewYork));
        Assert.Equal(["jan1-start", "jan1-before"], Ids("earliest=-1d@d latest=@d", rows));
        // "@d-2h snaps to the beginning of today and then applies the offset": 22:00 on Dec 31 in New York.
        Assert.Equal(["jan2-utc", "jan1-start", "jan1-before"], Ids("earliest=@d-2h", rows, NewYork));
    }

    [Fact]
    public void Epoch_seconds_and_absolute_times()
    {
        Row[] rows =
        [
            At("utc-0000", Utc(2024, 1, 1)),
            At("utc-0059", Utc(2024, 1, 1, 0, 59, 59)),
            At("utc-0100", Utc(2024, 1, 1, 1)),
            At("utc-0459", Utc(2024, 1, 1, 4, 59, 59)),
            At("utc-0500", Utc(2024, 1, 1, 5)),
            At("utc-0559", Utc(2024, 1, 1, 5, 59, 59)),
            At("utc-0600", Utc(2024, 1, 1, 6)),
        ];

        // "Time modifiers": earliest=1 is "UNIX epoch time 1"; 1704067200 is 2024-01-01T00:00:00Z in every zone.
        Assert.Equal(["utc-0059", "utc-0000"], Ids("earliest=1704067200 latest=1704070800", rows, NewYork));
        // "Time modifiers", example 4: an exact time is "%m/%d/%Y:%H:%M:%S" (quoted or not; Search Manual, "Specify
        // time modifiers in your search": unpadded as in earliest=10/19/2016:0:0:0), read as the searching user's wall clock.
        Assert.Equal(["utc-0059", "utc-0000"], Ids("earliest=\"01/01/2024:00:00:00\" latest=1/1/2024:1:0:0", rows));
        Assert.Equal(["utc-0559", "utc-0500"], Ids("earliest=\"01/01/2024:00:00:00\" latest=1/1/2024:1:0:0", rows, NewYork));
    }

    [Fact]
    public void The_start_and_end_ago_modifiers_count_back_from_now()
    {
        // "Other time modifiers": start<unit>sago=N starts N units before now; end<unit>sago=N ends there (exclusive, as
        // latest is).
        Row[] hours =
        [
            At("h168-1s", Now.AddHours(-168).AddSeconds(-1)),
            At("h168", Now.AddHours(-168)),
            At("h1-1s", Now.AddHours(-1).AddSeconds(-1)),
            At("h1", Now.AddHours(-1)),
        ];
        Assert.Equal(["h1-1s", "h168"], Ids("starthoursago=168 endhoursago=1", hours));
        Assert.Equal(["h1", "h1-1s", "h168"], Ids("starthoursago=168", hours));

        Row[] days = [At("d2-1s", Now.AddDays(-2).AddSeconds(-1)), At("d2", Now.AddDays(-2)), At("d1-1s", Now.AddDays(-1).AddSeconds(-1)), At("d1", Now.AddDays(-1))];
        Assert.Equal(["d1-1s", "d2"], Ids("startdaysago=2 enddaysago=1", days));

        Row[] minutes = [At("m30-1s", Now.AddMinutes(-30).AddSeconds(-1)), At("m30", Now.AddMinutes(-30)), At("m10-1s", Now.AddMinutes(-10).AddSeconds(-1)), At("m10", Now.AddMinutes(-10))];
        Assert.Equal(["m10-1s", "m30"], Ids("startminutesago=30 endminutesago=10", minutes));

        // A month back by the calendar: 2023-12-02T03:04:05Z.
        Row[] months = [At("mon1-1s", Utc(2023, 12, 2, 3, 4, 4)), At("mon1", Utc(2023, 12, 2, 3, 4, 5)), At("mon0", Now.AddSeconds(-1))];
        Assert.Equal(["mon0", "mon1"], Ids("startmonthsago=1", months));
        Assert.Equal(["mon1-1s"], Ids("endmonthsago=1", months));
    }

    [Fact]
    public void Starttime_endtime_timeformat_and_the_epoch_forms()
    {
        Row[] rows = [At("0000", Utc(2024, 1, 1)), At("0059", Utc(2024, 1, 1, 0, 59, 59)), At("0100", Utc(2024, 1, 1, 1)), At("2359", Utc(2023, 12, 31, 23, 59, 59))];
        // search, time-opts: starttime "Events must be later or equal to this time", in timeformat (by default
        // %m/%d/%Y:%H:%M:%S). endtime is exclusive, as "Time modifiers" lists it ("exclusive of the specified time").
        Assert.Equal(["0059", "0000"], Ids("starttime=01/01/2024:00:00:00 endtime=01/01/2024:01:00:00", rows));
        Assert.Equal(["0059", "0000"], Ids("starttime=2024-01-01T00:00:00 timeformat=%Y-%m-%dT%H:%M:%S endtime=2024-01-01T01:00:00", rows));
        // timeformat sets starttime and endtime only: earliest keeps its own forms.
        Assert.Equal(["0100", "0059", "0000"], Ids("timeformat=%Y-%m-%d starttime=2024-01-01 latest=01/02/2024:00:00:00", rows));
        // starttimeu / endtimeu: epoch seconds.
        Assert.Equal(["0059", "0000"], Ids("starttimeu=1704067200 endtimeu=1704070800", rows));
    }

    [Fact]
    public void A_row_without_time_matches_no_range_and_epoch_text_is_a_time()
    {
        // "Time modifiers", Searching the _time field: the modifiers find events by their _time, so a row without one
        // is in no range.
        Row[] rows = [Row(("id", "untimed")), Row(("id", "text"), ("_time", "1704067200")), At("old", Utc(2020, 1, 1))];
        Assert.Equal(["text"], Ids("earliest=1704067200", rows));
        Assert.Equal(["old"], Ids("latest=1704067200", rows));
        // After stats the rows have no _time: a later | search with a time modifier keeps none.
        Assert.Empty(Run("* | stats count by id | search earliest=0", rows).Rows);
        Assert.Equal(3, Run("* | stats count by id | search id=*", rows).Rows.Count);
    }

    [Fact]
    public void Alternatives_joined_by_OR_have_time_ranges_of_their_own()
    {
        // "Time modifiers", example 5: (earliest=A latest=B) OR (earliest=C latest=D) searches two windows.
        Row[] rows = [At("0030", Utc(2024, 1, 1, 0, 30)), At("0130", Utc(2024, 1, 1, 1, 30)), At("0230", Utc(2024, 1, 1, 2, 30))];
        Assert.Equal(["0230", "0030"], Ids("(earliest=\"01/01/2024:00:00:00\" latest=\"01/01/2024:01:00:00\") OR (earliest=\"01/01/2024:02:00:00\" latest=\"01/01/2024:03:00:00\")", rows));

        // Example 6: the last 24 hours but midnight to 1 AM, ((earliest=-24h latest<@d) OR (earliest>=@d+1h)); the
        // second window has no latest, so it ends at now.
        Row[] day =
        [
            At("yesterday-noon", Utc(2024, 1, 1, 12)),
            At("after-midnight", Utc(2024, 1, 2, 0, 30)),
            At("two-am", Utc(2024, 1, 2, 2)),
            At("future", Now.AddSeconds(1)),
            At("too-old", Utc(2024, 1, 1, 3)),
        ];
        Assert.Equal(["two-am", "yesterday-noon"], Ids("((earliest=-24h latest<@d) OR (earliest>=@d+1h))", day));

        // A window bounds its own group only: kind=b from any time, kind=a from the last hour.
        Row[] kinds = [Row(("id", "a-new"), ("kind", "a"), ("_time", Now.AddMinutes(-5))), Row(("id", "a-old"), ("kind", "a"), ("_time", Now.AddHours(-5))), Row(("id", "b-old"), ("kind", "b"), ("_time", Now.AddHours(-6)))];
        Assert.Equal(["a-new", "b-old"], Ids("(kind=a earliest=-1h) OR kind=b", kinds));
        Assert.Equal(["a-new"], Ids("earliest=-1h (kind=a OR kind=b)", kinds));
    }

    [Fact]
    public void The_search_command_map_and_tstats_where_take_time_modifiers_too()
    {
        // "search": <time-opts> are part of the search command's expression wherever it stands; "tstats": WHERE takes a
        // <search-query>.
        Row[] rows = [At("new", Now.AddMinutes(-5)), At("old", Now.AddHours(-2))];
        Assert.Equal(["new"], Ids("* | search earliest=-1h", rows));
        Assert.Equal(["old"], Ids("| search latest=-1h", rows));
        // map's searches are base searches of their own: the range binds to the same now.
        Assert.Equal(["new"], Ids("| makeresults count=2 | streamstats count as n | eval id=case(n=1, \"new\", n=2, \"old\") | map search=\"search earliest=-1h id=$id$\"", rows));
        Assert.Equal(["new", "old"], Ids("| makeresults count=2 | streamstats count as n | eval id=case(n=1, \"new\", n=2, \"old\") | map search=\"search earliest=-3h id=$id$\"", rows));

        var definitions = new SplDefinitions();
        var problems = new List<KnowledgeProblem>();
        definitions.Add(DataModelJson.Read(new StringReader("""{"modelName":"M","objects":[{"objectName":"D","parentName":"BaseEvent","constraints":[{"search":"id=*"}],"fields":[{"fieldName":"id"}]}]}"""), "m.json", problems)!);
        Assert.Empty(problems);
        Assert.Equal(["D.id=new count=1"], Run("| tstats count from datamodel=M.D where earliest=-1h by D.id", rows, definitions).Lines());
        Assert.Equal(["D.id=old count=1"], Run("| tstats count from datamodel=M.D where D.id=* latest=-1h by D.id", rows, definitions).Lines());
    }

    [Fact]
    public void A_base_search_range_does_not_bound_its_subsearches()
    {
        // "Time modifiers", Time ranges and subsearches: a range in the base search does not apply to subsearches, and
        // one in a subsearch applies to that subsearch only.
        Row[] rows = [Row(("id", "old"), ("k", "v"), ("_time", Now.AddHours(-2))), Row(("id", "new"), ("k", "v"), ("_time", Now.AddMinutes(-5)))];
        Assert.Equal(["new"], Ids("earliest=-1h [search id=old | fields k]", rows));
        Assert.Empty(Ids("k=v [search earliest=-1h id=old | fields k]", rows));
        Assert.Equal(["new", "old"], Ids("k=v [search earliest=-1h id=new | fields k]", rows));
    }

    [Fact]
    public void Time_modifiers_need_no_literal_in_the_raw_text()
    {
        // "Time modifiers": they select events by _time, which no literal of the raw text decides.
        var definitions = new SplDefinitions();
        Assert.Equal("\"2282\"", SplPipeline.Compile("EventCode=2282 earliest=-1d", definitions).RawRequirement(_ => true)!.ToString());
        Assert.Equal("\"2282\"", SplPipeline.Compile("starthoursago=168 EventCode=2282 endhoursago=1", definitions).RawRequirement(_ => true)!.ToString());
        // An alternative that is only a time range could match any text.
        Assert.Null(SplPipeline.Compile("EventCode=2282 OR earliest=-1d", definitions).RawRequirement(_ => true));
    }

    [Theory]
    [InlineData("x=1 NOT earliest=-1d", "earliest= under NOT is not supported", "earliest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("earliest=-7d (x=1 earliest=-1d OR y=2)", "earliest= inside terms that earliest= already bounds is not supported", "earliest=-1d", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("earliest=-1d x=1 starthoursago=5", "starthoursago= sets the start of a time range that earliest= already sets", "starthoursago", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("earliest=-1d latest=now OR x=1", "latest= inside terms that earliest= already bounds is not supported", "latest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("latest=-1h endtime=01/01/2024:00:00:00", "endtime= sets the end of a time range that latest= already sets", "endtime", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 earliest=rt-5m", "the real-time time modifier earliest=rt-5m is not supported", "earliest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 latest=rt", "the real-time time modifier latest=rt is not supported", "latest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 earliest=yesterday", "earliest=yesterday is not a time", "earliest", SplDiagnosticId.SyntaxError)]
    [InlineData("x=1 earliest=13/45/2024:00:00:00", "earliest=13/45/2024:00:00:00 is not a time", "earliest", SplDiagnosticId.SyntaxError)]
    [InlineData("x=1 earliest!=-1d", "earliest!= is not supported", "earliest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 latest>=@d", "latest>= is not supported", "latest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 (timeformat=%Y OR y=2)", "timeformat= sets the format of the whole search", "timeformat", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("timeformat=%Y timeformat=%m x=1", "timeformat= is written twice", "timeformat=%m", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 starttime=2024-01-01", "starttime=2024-01-01 is not a time: starttime takes a time in the format %m/%d/%Y:%H:%M:%S", "starttime", SplDiagnosticId.SyntaxError)]
    [InlineData("x=1 starthoursago=-3", "starthoursago=-3 is not a time: starthoursago takes a whole number", "starthoursago", SplDiagnosticId.SyntaxError)]
    [InlineData("x=1 earliest IN (-1d)", "earliest IN (...) is not supported", "earliest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 _index_earliest=-1h", "the time modifier _index_earliest= is not supported", "_index_earliest", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 | search hoursago=2", "the time modifier hoursago= is not supported", "hoursago", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("x=1 | where x=1 | transaction x startswith=(earliest=-1d)", "the time modifier earliest= is not supported here", "earliest", SplDiagnosticId.UnsupportedFeature)]
    public void Positions_Splunk_leaves_open_and_malformed_times_are_errors_at_the_modifier(string search, string message, string marker, SplDiagnosticId id)
    {
        // "Time modifiers" documents ranges for a whole search and for OR'ed groups, = (and the >= / < of its examples),
        // the listed units and formats; the Search Manual says rt modifiers in a search string are an error. The rest
        // is refused where it stands.
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
    }

    [Fact]
    public void Event_types_and_data_model_constraints_cannot_hold_time_modifiers()
    {
        // "Time modifiers" gives ranges to searches and subsearches; an event type or a constraint is part of other
        // searches, where no page says what its range would do.
        var definitions = new SplDefinitions();
        definitions.Add(new EventTypeDefinition("recent", "earliest=-1d kind=a"));
        var problems = new List<KnowledgeProblem>();
        definitions.Add(DataModelJson.Read(new StringReader("""{"modelName":"M","objects":[{"objectName":"D","parentName":"BaseEvent","constraints":[{"search":"kind=a latest=-1h"}],"fields":[]}]}"""), "m.json", problems)!);

        var eventType = Assert.Throws<SplCompileException>(() => Run("eventtype=recent", [], definitions));
        Assert.Contains("in event type 'recent': the time modifier earliest= is not supported here", Assert.Single(eventType.Diagnostics).Message, StringComparison.Ordinal);

        var constraint = Assert.Single(Assert.Throws<SplCompileException>(() => Run("| tstats count from datamodel=M.D", [], definitions)).Diagnostics);
        Assert.Contains("the constraint of M.D cannot run: the time modifier latest= is not supported here", constraint.Message, StringComparison.Ordinal);
        Assert.Equal(SplDiagnosticId.UnsupportedFeature, constraint.Id);
        Assert.Equal("time modifier latest=", constraint.Subject);
    }
}
