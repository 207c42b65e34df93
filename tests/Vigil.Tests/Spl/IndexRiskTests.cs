using Vigil.Knowledge.Conf;
using Vigil.Knowledge.DataModels;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// <c>index=</c>: Vigil has one index, its risk store (<c>index=risk</c>). The search command retrieves events "from
/// indexes" (Search Reference, "search"); the files Vigil is given have none, so their events never match index=risk,
/// and every other index question is refused by name.
/// </summary>
public class IndexRiskTests
{
    private static Row[] Rows() =>
    [
        Row(("id", "risk-event"), ("index", "risk"), ("sourcetype", "stash"), ("_time", new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc))),
        Row(("id", "file-event"), ("sourcetype", "XmlWinEventLog"), ("_time", new DateTime(2024, 1, 1, 0, 0, 1, DateTimeKind.Utc))),
    ];

    [Theory]
    [InlineData("index=risk")]
    [InlineData("index=\"risk\"")]
    [InlineData("index=RISK")]
    [InlineData("\"index\"=Risk sourcetype=stash")]
    [InlineData("* | search index=risk")]
    public void Index_risk_is_a_test_on_the_rows_index_field(string search)
    {
        // "search": an index-expression selects the events of an index; field values compare case-insensitively.
        Assert.Equal(["risk-event"], Run(search, Rows()).Column("id"));
    }

    [Fact]
    public void Index_risk_stands_in_OR_like_any_test_and_needs_no_literal()
    {
        // "search": <logical-expression> [OR] <logical-expression>, index expressions among them.
        Assert.Equal(["file-event", "risk-event"], Run("index=risk OR sourcetype=XmlWinEventLog", Rows()).Column("id"));
        // The index is no text of an event: the prefilter asks nothing of the raw text for it.
        Assert.Null(SplPipeline.Compile("index=risk", new SplDefinitions()).RawRequirement(_ => true));
        Assert.Equal("\"stash\"", SplPipeline.Compile("index=risk sourcetype=stash", new SplDefinitions()).RawRequirement(_ => true)!.ToString());
    }

    [Fact]
    public void A_data_model_constrained_to_index_risk_sees_only_the_risk_store_and_tstats_where_may_name_it()
    {
        // "tstats": FROM datamodel= reads the dataset's events; WHERE takes a <search-query>.
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader("""{"modelName":"R","objects":[{"objectName":"All","parentName":"BaseEvent","constraints":[{"search":"index=risk"}],"fields":[{"fieldName":"id"}]}]}"""), "r.json", problems)!);
        Assert.Empty(problems);
        Assert.Equal(["All.id=risk-event count=1"], Run("| tstats count from datamodel=R.All by All.id", Rows(), definitions).Lines());
        // Dataset rows carry no index; WHERE index=risk asks the event's, as Splunk's tstats asks the index.
        Assert.Equal(["All.id=risk-event count=1"], Run("| tstats count from datamodel=R.All where index=risk by All.id", Rows(), definitions).Lines());
    }

    [Theory]
    [InlineData("index=main", "index=main is not supported")]
    [InlineData("x=1 index=*", "index=* is not supported")]
    [InlineData("x=1 index=ris*", "index=ris* is not supported")]
    [InlineData("x=1 index!=risk", "index!=risk is not supported")]
    [InlineData("x=1 NOT index=risk", "NOT index=risk is not supported")]
    [InlineData("x=1 NOT (y=2 OR index=risk)", "NOT index=risk is not supported")]
    [InlineData("x=1 index IN (risk)", "index IN (...) is not supported")]
    [InlineData("x=1 | search index>risk", "index>risk is not supported")]
    public void Other_index_questions_are_refused_naming_index(string search, string message)
    {
        // "search" lets index= name any index, wildcards included; Vigil has only the risk store to answer with.
        var diagnostic = Assert.Single(Assert.Throws<SplCompileException>(() => Run(search, Rows())).Diagnostics);
        Assert.Contains(message + ": Vigil searches the files it is given and its risk store, whose one index is written index=risk", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf("index", StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(SplDiagnosticId.UnsupportedFeature, diagnostic.Id);
        Assert.Equal("index=", diagnostic.Subject);
    }

    [Fact]
    public void Splunk_server_stays_refused()
    {
        // "search": splunk_server-specifier "Search for events from a specific server"; Vigil has none.
        var diagnostic = Assert.Single(Assert.Throws<SplCompileException>(() => Run("index=risk splunk_server=local", Rows())).Diagnostics);
        Assert.Equal("splunk_server=", diagnostic.Subject);
        Assert.Equal(11, diagnostic.Position);
    }
}
