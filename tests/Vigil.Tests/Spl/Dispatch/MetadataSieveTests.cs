using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Tests.Spl.Dispatch;

/// <summary>Searches sorted by source and sourcetype: never one that could match left out, the order kept.</summary>
public sealed class MetadataSieveTests
{
    private static readonly string[] Searches =
    [
        "source=\"XmlWinEventLog:Security\" EventCode=4624",
        "source=WinEventLog:Security OR source=XmlWinEventLog:Security",
        "sourcetype=okta:im2 eventType=user.session.start",
        "EventCode=4624",
        "NOT source=*Sysmon*",
        "source!=\"XmlWinEventLog:Security\"",
        "(source=XmlWinEventLog:* OR sourcetype=WinEventLog) EventCode IN (4624, 1)",
    ];

    private static Row Event(string? source, string? sourcetype, string eventCode)
    {
        var row = new Row { ["EventCode"] = Value.FromString(eventCode) };
        row["source"] = Value.FromString(source);
        row["sourcetype"] = Value.FromString(sourcetype);
        return row;
    }

    [Theory]
    [InlineData("XmlWinEventLog:Security", "XmlWinEventLog", "4624")]
    [InlineData("xmlwineventlog:security", "XmlWinEventLog", "4624")]
    [InlineData("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog", "1")]
    [InlineData("okta", "okta:im2", "0")]
    [InlineData(null, "WinEventLog", "4624")]
    [InlineData(null, null, "4624")]
    public void The_searches_kept_are_every_one_that_matches_in_order(string? source, string? sourcetype, string eventCode)
    {
        var compiled = Searches.Select(s => (Text: s, Search: SplCompiler.CompileCondition(s, new()))).ToList();
        var sieve = new MetadataSieve<(string Text, SearchExpression Search)>(compiled, s => s.Search);
        var row = Event(source, sourcetype, eventCode);

        var kept = sieve.For(row).Select(s => s.Text).ToList();

        // Every search that matches is kept; those left out are only ones whose source or sourcetype terms fail.
        var matching = compiled.Where(s => s.Search.Matches(row)).Select(s => s.Text).ToList();
        Assert.Empty(matching.Except(kept));
        Assert.Equal(compiled.Select(s => s.Text).Where(kept.Contains), kept);
        Assert.Same(sieve.For(row), sieve.For(Event(source, sourcetype, "other")));
    }

    [Fact]
    public void A_search_for_another_source_is_left_out()
    {
        var compiled = Searches.Select(s => (Text: s, Search: SplCompiler.CompileCondition(s, new()))).ToList();
        var sieve = new MetadataSieve<(string Text, SearchExpression Search)>(compiled, s => s.Search);

        var kept = sieve.For(Event("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog", "1")).Select(s => s.Text).ToList();

        Assert.DoesNotContain(Searches[0], kept);
        Assert.DoesNotContain(Searches[1], kept);
        Assert.DoesNotContain(Searches[2], kept);
        Assert.DoesNotContain(Searches[4], kept);
        Assert.Contains(Searches[3], kept);
        Assert.Contains(Searches[6], kept);
    }

    [Fact]
    public void More_pairs_than_are_kept_are_each_sorted_as_when_met_first()
    {
        // Past ByMetadataPair.MaxPairs the pairs sorted so far are dropped: an input with a source per event stays
        // bounded, and a pair met again after that is sorted again, the same way.
        var compiled = Searches.Select(s => (Text: s, Search: SplCompiler.CompileCondition(s, new()))).ToList();
        var sieve = new MetadataSieve<(string Text, SearchExpression Search)>(compiled, s => s.Search);
        var security = Event("XmlWinEventLog:Security", "XmlWinEventLog", "4624");
        var expected = sieve.For(security).Select(s => s.Text).ToList();

        for (var i = 0; i <= ByMetadataPair<object>.MaxPairs; i++)
        {
            var kept = sieve.For(Event($"file{i}.log", "XmlWinEventLog", "4624")).Select(s => s.Text).ToList();
            Assert.DoesNotContain(Searches[0], kept);
        }

        Assert.Equal(expected, sieve.For(security).Select(s => s.Text));

        var made = 0;
        var byPair = new ByMetadataPair<int>(_ => ++made);
        for (var i = 0; i <= ByMetadataPair<int>.MaxPairs; i++)
        {
            byPair.For(Event($"file{i}.log", "XmlWinEventLog", "4624"));
        }

        Assert.InRange(byPair.Count, 1, ByMetadataPair<int>.MaxPairs);
        Assert.Equal(ByMetadataPair<int>.MaxPairs + 2, made);
    }
}
