using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>transaction, as the Search Reference's "transaction" page describes it.</summary>
public class TransactionTests
{
    private static readonly DateTime T0 = new(2024, 4, 1, 9, 0, 0, DateTimeKind.Utc);

    private static Vigil.Spl.Values.Row Event(int minute, string user, string code, string? extra = null) =>
        Raw($"{code} {user}", ("user", user), ("EventCode", code), ("extra", extra), ("_time", T0.AddMinutes(minute)));

    private static string Time(int minutes) =>
        Vigil.Spl.Values.Timestamp.FromDateTime(T0.AddMinutes(minutes)).UnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Events_sharing_the_field_group_with_duration_eventcount_and_sorted_values()
    {
        // transaction: "duration ... the difference between the timestamps for the first and last events";
        // "eventcount ... the number of events"; mvlist=false: "a set of unique field values ordered alphabetically".
        var rows = new[] { Event(0, "ann", "4720", "x"), Event(5, "bob", "4720"), Event(30, "ann", "4726", "a"), Event(31, "ann", "4726", "a") };
        var result = Run("* | transaction user | table _time user EventCode extra duration eventcount", rows);
        // Transactions come out newest first, by their _time (their earliest event's).
        Assert.Equal([$"_time={Time(5)} user=bob EventCode=4720 duration=0 eventcount=1", $"_time={Time(0)} user=ann EventCode=4720|4726 extra=a|x duration=1860 eventcount=3"], result.Lines());
        var raw = Run("* | transaction user", rows).Rows[1]["_raw"].ToString();
        Assert.Equal("4720 ann\n4726 ann\n4726 ann", raw);
    }

    [Fact]
    public void Maxspan_and_maxpause_split_transactions()
    {
        // Read newest first: 55, 50 and 20 span 35 minutes; 0 would make it 55, over maxspan, so it starts another.
        var rows = new[] { Event(0, "ann", "1"), Event(20, "ann", "2"), Event(50, "ann", "3"), Event(55, "ann", "4") };
        Assert.Equal(["3", "1"], Run("* | transaction user connected=false maxspan=40m", rows).Column("eventcount"));
        Assert.Equal(["2", "1", "1"], Run("* | transaction user maxpause=10m", rows).Column("eventcount"));
        Assert.Equal(["3", "1"], Run("* | transaction user maxevents=3", rows).Column("eventcount"));
    }

    [Fact]
    public void Startswith_and_endswith_keep_only_whole_transactions()
    {
        // The ESCU form: transaction ObjectDN startswith=(EventCode=5137) endswith=(EventCode=5141). An end without
        // its start, or a start without its end, is evicted.
        var rows = new[] { Event(0, "o1", "5137"), Event(5, "o1", "5141"), Event(10, "o2", "5137"), Event(20, "o3", "5141"), Event(30, "o1", "5137"), Event(31, "o1", "5141") };
        var result = Run("* | transaction user startswith=(EventCode=5137) endswith=(EventCode=5141) | table user eventcount duration", rows);
        Assert.Equal(["user=o1 eventcount=2 duration=60", "user=o1 eventcount=2 duration=300"], result.Lines());
        var kept = Run("* | transaction user startswith=\"EventCode=5137\" endsWith=eval(EventCode==\"5141\") keepevicted=true | table user closed_txn", rows);
        Assert.Equal(["user=o1 closed_txn=1", "user=o3 closed_txn=0", "user=o2 closed_txn=0", "user=o1 closed_txn=1"], kept.Lines());
    }

    [Fact]
    public void Several_fields_must_agree_and_connected_decides_for_partial_events()
    {
        var rows = new[]
        {
            Row(("a", "1"), ("b", "x"), ("_time", T0)),
            Row(("a", "1"), ("_time", T0.AddMinutes(1))),
            Row(("b", "y"), ("_time", T0.AddMinutes(2))),
            Row(("c", "z"), ("_time", T0.AddMinutes(3))),
        };
        // Newest first: c=z has none of the fields; b=y opens one; a=1 shares no field with it, so with connected=true
        // it opens another, which a=1 b=x then joins; with connected=false it joins b=y's, which b=x then contradicts.
        Assert.Equal(["1", "2"], Run("* | transaction a b", rows).Column("eventcount"));
        Assert.Equal(["2", "1"], Run("* | transaction a b connected=false", rows).Column("eventcount"));
    }

    [Fact]
    public void Mvlist_keeps_every_value_in_arrival_order_and_no_rows_give_nothing()
    {
        var rows = new[] { Event(0, "ann", "b"), Event(1, "ann", "a"), Event(2, "ann", "b") };
        Assert.Equal(["b|a|b"], Run("* | transaction user mvlist=true", rows).Column("EventCode").Select(v => v!.Replace('\n', '|')));
        Assert.Empty(Run("* | transaction user", []).Rows);
        Assert.Empty(Run("* | transaction user", [Row(("other", "1"))]).Rows);
    }

    [Theory]
    [InlineData("transaction user maxopentxn=5", "transaction maxopentxn")]
    [InlineData("transaction user unifyends=true", "transaction unifyends")]
    public void Unsupported_options_are_refused(string search, string subject)
    {
        var e = Assert.Throws<SplCompileException>(() => Run("* | " + search, []));
        Assert.Contains(e.Diagnostics, d => d.Subject == subject);
    }
}
