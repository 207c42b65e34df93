using CsCheck;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// A search folded for an event's source and sourcetype (<c>MetadataFolding</c>, as data model projections fold their
/// constraints) matches exactly the events of that pair the search matches, and reads neither field any more. Random
/// searches mixing tests of source, sourcetype and EventCode (equality with wildcards and other cases, !=, IN, NOT,
/// comparisons, AND and OR nested) over events whose source and sourcetype are values, absent or multivalues.
/// </summary>
public sealed class MetadataFoldingProperties
{
    private static readonly string[] Fields = ["source", "sourcetype", "EventCode"];

    private static readonly Gen<string> Literal = Gen.OneOf(
        "XmlWinEventLog:Security", "xmlwineventlog:security", "XmlWinEventLog:*", "*Sysmon*", "WinEventLog:Security",
        "XmlWinEventLog", "okta:im2", "*", "", "4624", "04624", "1", "4688");

    private static readonly Gen<object?> SourceValue = Gen.OneOf<object?>(
        "XmlWinEventLog:Security", "XMLWINEVENTLOG:SECURITY", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "WinEventLog:Security",
        "okta", string.Empty, null, new[] { "XmlWinEventLog:Security", "okta" });

    private static readonly Gen<object?> SourcetypeValue = Gen.OneOf<object?>("XmlWinEventLog", "WinEventLog", "okta:im2", null, new[] { "XmlWinEventLog", "x" });

    private static readonly Gen<object?> EventCodeValue = Gen.OneOf<object?>("4624", "1", "4688", "04624", null, 4624.0);

    private static readonly Gen<string> Atom = RandomSearches.Atom(Fields, Literal);

    private static readonly Gen<string> Group = Gen.OneOf(
        Atom,
        Atom.Array[2, 3].Select(parts => "(" + string.Join(" ", parts) + ")"),
        Atom.Array[2, 5].Select(parts => "(" + string.Join(" OR ", parts) + ")"),
        Atom.Array[2, 3].Select(parts => "NOT (" + string.Join(" OR ", parts) + ")"));

    private static readonly Gen<string> Search = Gen.OneOf(
        Group,
        Group.Array[2, 6].Select(parts => string.Join(" OR ", parts)),
        Group.Array[2, 4].Select(parts => string.Join(" ", parts)));

    private static readonly Gen<Row> EventGen = Gen.Select(SourceValue, SourcetypeValue, EventCodeValue).Select(t =>
        SplRun.Row(("source", t.Item1), ("sourcetype", t.Item2), ("EventCode", t.Item3)));

    [Fact]
    public void A_search_folded_for_an_events_source_and_sourcetype_matches_as_the_search_does()
    {
        var folded = 0;
        Gen.Select(Search, EventGen.Array[1, 8]).Sample((text, events) =>
        {
            var search = SplCompiler.CompileCondition(text, new());
            var byPair = new ByMetadataPair<SearchExpression>(metadataRow => metadataRow is null ? search : MetadataFolding.Fold(search, metadataRow));
            foreach (var row in events)
            {
                var forPair = byPair.For(row);
                Assert.Equal(search.Matches(row), forPair.Matches(row));
                if (row["source"].Kind != ValueKind.Multi && row["sourcetype"].Kind != ValueKind.Multi)
                {
                    Assert.DoesNotContain(forPair.FieldsRead(), field => field is "source" or "sourcetype");
                    folded += ReferenceEquals(forPair, search) ? 0 : 1;
                }
                else
                {
                    Assert.Same(search, forPair);
                }
            }
        }, iter: 4000, threads: 1);

        // The searches must put folding to work, not only pass through searches with nothing to fold.
        Assert.True(folded > 2000, $"only {folded} searches were folded");
    }

    [Fact]
    public void An_or_of_channels_keeps_the_alternatives_of_the_events_channel()
    {
        var search = SplCompiler.CompileCondition(
            "(source=\"XmlWinEventLog:Security\" EventCode=4688) OR (source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" EventCode=1) OR (sourcetype=okta:im2 eventType=x)",
            new());
        var security = SplRun.Row(("source", "XmlWinEventLog:Security"), ("sourcetype", "XmlWinEventLog"));

        var folded = MetadataFolding.Fold(search, security);

        var comparison = Assert.IsType<FieldComparison>(folded);
        Assert.Equal("EventCode", comparison.Field);
        Assert.IsType<MatchNoneExpression>(MetadataFolding.Fold(search, SplRun.Row(("source", "okta"), ("sourcetype", "other"))));
    }
}
