using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Values;

namespace Vigil.Tests.Spl.Dispatch;

/// <summary>
/// Which fields an event is given: what the searches its source and sourcetype admit read, and every field only for an
/// event holding a literal of a search that may read any.
/// </summary>
public sealed class FieldDemandTests
{
    private static readonly Func<string, bool> Verbatim = f => f is "EventCode" or "ObjectDN";

    private static SplPipeline Compile(string search) => SplPipeline.Compile(search, new Vigil.Spl.Definitions.SplDefinitions());

    private static Row Event(string source, string raw) =>
        Support.Spl.Row([("source", source), ("sourcetype", "XmlWinEventLog"), ("_raw", raw)]);

    /// <summary>The demand bound to a literal table holding the gates' literals, as a hunt binds it.</summary>
    private static (FieldDemand Demand, LiteralTable Literals) Bound(params string[] searches)
    {
        var pipelines = searches.Select(Compile).ToList();
        var unbound = FieldDemand.Of(pipelines, Verbatim, SearchContext.Utc());
        var literals = new LiteralTable(pipelines.Select(p => p.Gate(Verbatim)).Concat(unbound.WideGates));
        return (unbound.WithLiterals(literals), literals);
    }

    private static ScannedHits Hits(LiteralTable literals, Row row)
    {
        var bits = new ulong[literals.Words];
        literals.Scan(row["_raw"].ToString(), null, bits, 0);
        return new ScannedHits(bits);
    }

    [Fact]
    public void An_event_is_given_what_the_searches_its_source_admits_read()
    {
        var (demand, _) = Bound(
            "source=\"XmlWinEventLog:Security\" EventCode=4688 | stats count by NewProcessName",
            "source=\"XmlWinEventLog:System\" EventCode=7045 | stats count by ServiceName",
            "EventCode=1102 | stats count by SubjectUserName");

        var security = demand.For(Event("XmlWinEventLog:Security", "<EventID>4688</EventID>"));
        Assert.NotNull(security);
        Assert.Contains("NewProcessName", security);
        Assert.Contains("SubjectUserName", security);
        Assert.DoesNotContain("ServiceName", security);

        var system = demand.For(Event("XmlWinEventLog:System", "<EventID>7045</EventID>"));
        Assert.NotNull(system);
        Assert.Contains("ServiceName", system);
        Assert.DoesNotContain("NewProcessName", system);

        // A multivalue source fits no one pair: every search counts.
        var both = Event("XmlWinEventLog:Security", "x");
        both["source"] = Value.FromMany(["XmlWinEventLog:Security", "XmlWinEventLog:System"]);
        Assert.Superset(new HashSet<string> { "NewProcessName", "ServiceName", "SubjectUserName" }, new HashSet<string>(demand.For(both)!));
    }

    [Fact]
    public void A_search_that_may_read_any_field_asks_for_every_field_only_of_events_with_its_literals()
    {
        var (demand, literals) = Bound(
            "source=\"XmlWinEventLog:Security\" EventCode=4688 | stats count by NewProcessName",
            "source=\"XmlWinEventLog:Security\" EventCode=5136 | transaction ObjectDN maxspan=5m");

        var process = Event("XmlWinEventLog:Security", "<EventID>4688</EventID>");
        Assert.False(demand.NeedsEveryField(process, Hits(literals, process)));
        Assert.DoesNotContain("ObjectDN", demand.For(process)!);

        var change = Event("XmlWinEventLog:Security", "<EventID>5136</EventID>");
        Assert.True(demand.NeedsEveryField(change, Hits(literals, change)));

        // Its source rules it out before any literal is asked for.
        var system = Event("XmlWinEventLog:System", "<EventID>5136</EventID>");
        Assert.False(demand.NeedsEveryField(system, new ScannedHits(null)));

        // Without the literals (nothing dispatched), every event its source admits gets every field.
        Assert.True(demand.NeedsEveryField(process, null));
        Assert.True(FieldDemand.Of([Compile("source=\"XmlWinEventLog:Security\" EventCode=5136 | transaction ObjectDN")], Verbatim, SearchContext.Utc())
            .NeedsEveryField(process, Hits(literals, process)));
    }

    [Fact]
    public void A_subsearch_over_other_events_counts_for_those_events_alone()
    {
        var (demand, literals) = Bound(
            "source=\"XmlWinEventLog:Security\" EventCode=4688 | stats count by NewProcessName | append [search source=\"XmlWinEventLog:System\" EventCode=7045 | stats count by ServiceName]",
            "source=\"XmlWinEventLog:Security\" EventCode=4624 | stats count by TargetUserName | append [search source=\"XmlWinEventLog:System\" EventCode=7036]");

        var security = Event("XmlWinEventLog:Security", "<EventID>4688</EventID>");
        Assert.Contains("NewProcessName", demand.For(security)!);
        Assert.DoesNotContain("ServiceName", demand.For(security)!);
        Assert.False(demand.NeedsEveryField(security, Hits(literals, security)));

        var install = Event("XmlWinEventLog:System", "<EventID>7045</EventID>");
        Assert.Contains("ServiceName", demand.For(install)!);
        Assert.DoesNotContain("TargetUserName", demand.For(install)!);
        Assert.False(demand.NeedsEveryField(install, Hits(literals, install)));

        // The second subsearch keeps whole events: every field, of its events only.
        var state = Event("XmlWinEventLog:System", "<EventID>7036</EventID>");
        Assert.True(demand.NeedsEveryField(state, Hits(literals, state)));
    }

    [Fact]
    public void Reading_tags_or_event_types_asks_for_every_field()
    {
        var (demand, _) = Bound(
            "source=\"XmlWinEventLog:Security\" EventCode=4688 | stats count by tag",
            "source=\"XmlWinEventLog:System\" EventCode=7045 | stats count by ServiceName");

        Assert.Null(demand.For(Event("XmlWinEventLog:Security", "4688")));
        Assert.NotNull(demand.For(Event("XmlWinEventLog:System", "7045")));
    }

    [Fact]
    public void A_search_of_the_risk_index_asks_for_nothing_of_the_files_events()
    {
        var (demand, literals) = Bound(
            "index=risk | table *",
            "source=\"XmlWinEventLog:Security\" EventCode=4688 | stats count by NewProcessName");

        var security = Event("XmlWinEventLog:Security", "<EventID>4688</EventID>");
        Assert.Equal(["EventCode", "NewProcessName", "_time", "source"], demand.For(security)!.Order(StringComparer.Ordinal));
        Assert.False(demand.NeedsEveryField(security, Hits(literals, security)));
    }

    [Fact]
    public void Map_searches_ask_for_every_field_only_where_the_hunt_cannot_read_its_events_again()
    {
        var pipelines = new[]
        {
            "source=\"XmlWinEventLog:Security\" EventCode=5136 | stats count by SubjectLogonId | map search=\"search source=\\\"XmlWinEventLog:Security\\\" EventCode=4624 TargetLogonId=$SubjectLogonId$\"",

            // As ESCU writes it, inside appendpipe.
            "source=\"XmlWinEventLog:Security\" EventCode=4662 | stats count by SubjectLogonId | appendpipe [| map search=\"search source=\\\"XmlWinEventLog:Security\\\" EventCode=4624 TargetLogonId=$SubjectLogonId$\"]",
        }.Select(Compile).ToList();
        var literals = new LiteralTable(pipelines.Select(p => p.Gate(Verbatim)));
        var logon = Event("XmlWinEventLog:Security", "<EventID>4624</EventID>");
        var hits = Hits(literals, logon);

        // Read again, the map's searches get every field then; the first reading only notes whether a logon could match.
        var rereading = FieldDemand.Of(pipelines, Verbatim, SearchContext.Utc().WithEventRereader(new NoRereading())).WithLiterals(literals);
        Assert.False(rereading.NeedsEveryField(logon, hits));
        Assert.Contains("TargetLogonId", rereading.For(logon)!);

        // Held instead, the logons keep what the searches may read: every field.
        var holding = FieldDemand.Of(pipelines, Verbatim, SearchContext.Utc()).WithLiterals(literals);
        Assert.True(holding.NeedsEveryField(logon, hits));
    }

    private sealed class NoRereading : IEventRereader
    {
        public void Reread(Vigil.Spl.Syntax.SearchExpression prefilter, Action<Row> offer) => throw new InvalidOperationException("not read again here");
    }

    private sealed class ScannedHits(ulong[]? bits) : ILiteralHits
    {
        public ReadOnlySpan<ulong> Hits() => bits ?? throw new InvalidOperationException("the literals were not to be asked for");
    }
}
