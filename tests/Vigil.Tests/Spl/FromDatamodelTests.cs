using Vigil.Knowledge.Conf;
using Vigil.Knowledge.DataModels;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// Data model datasets as a search's events: <c>| from datamodel:M.D</c> (Search Reference, "from": "by default the
/// search returns a strictly-filtered set of fields ... only default fields and fields that are explicitly identified"
/// by the data model) and <c>| datamodel M D search</c> ("datamodel": search mode returns fields named by their
/// dataset, <c>dmdataset.server</c>, where flat mode gives <c>server</c>), over a small Risk-like model and over the
/// shipped Risk model, with rows shaped like the risk store's (index=risk, sourcetype=stash, source = the rule).
/// </summary>
public class FromDatamodelTests
{
    private const string RiskLike = """
        {"modelName":"RiskLike","objects":[
          {"objectName":"All_Risk","parentName":"BaseEvent","constraints":[{"search":"index=risk"}],
           "fields":[{"fieldName":"risk_message"},{"fieldName":"normalized_risk_object"},{"fieldName":"annotations._all"},{"fieldName":"search_name"}],
           "calculations":[{"calculationType":"Eval","expression":"if(isnull(risk_score),0,risk_score)","outputFields":[{"fieldName":"risk_score"}]}]},
          {"objectName":"Systems","parentName":"All_Risk","constraints":[{"search":"risk_object_type=system"}],
           "fields":[{"fieldName":"risk_object"}],"calculations":[]}
        ]}
        """;

    private const string Rule = "ESCU - Windows IIS Components Module Failed to Load - Rule";
    private const string ServiceRule = "ESCU - Windows Service Created With Suspicious Service Path - Rule";
    private static readonly DateTime Now = Support.Spl.Now.ToDateTime();

    private static SplDefinitions Definitions()
    {
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader(RiskLike), "risklike.json", problems)!);
        Assert.Empty(problems);
        return definitions;
    }

    /// <summary>A risk event as the risk store writes it.</summary>
    private static Row Risk(DateTime? time, string riskObject, string rule, params (string Name, object? Value)[] more)
    {
        var row = Row([("index", "risk"), ("sourcetype", "stash"), ("source", rule), ("search_name", rule), ("risk_object", riskObject),
            ("normalized_risk_object", riskObject), ("risk_object_type", "system"), .. more]);
        if (time is { } t)
        {
            row["_time"] = Value.FromTime(Timestamp.FromDateTime(t));
        }

        return row;
    }

    private static Row[] SmallRows() =>
    [
        Risk(Now.AddHours(-2), "win-dc-exch01", Rule, ("risk_message", "module failed"), ("risk_score", "25"), ("annotations._all", new[] { "T1505.004", "Persistence" }), ("extra", "kept out"), ("_raw", "risk text")),
        Risk(Now.AddHours(-1), "alice", ServiceRule, ("risk_object_type", "user"), ("risk_message", "service")),
        // The same fields in an event read from a file: no index, so not in the dataset.
        Row(("source", "XmlWinEventLog:Application"), ("normalized_risk_object", "win-dc-exch01"), ("risk_message", "not a risk event"), ("_time", Now)),
    ];

    [Theory]
    [InlineData("| from datamodel:RiskLike.All_Risk")]
    [InlineData("| from datamodel RiskLike.All_Risk")]
    [InlineData("| from datamodel:\"RiskLike.All_Risk\"")]
    public void From_datamodel_gives_the_dataset_events_with_default_and_model_fields_under_their_own_names(string search)
    {
        // "from": <dataset_type>:<dataset_name> or a space between them, datamodel:<datamodel_name>.<dataset_name>,
        // quoted when need be; strictly filtered fields by default.
        var result = Run(search, SmallRows(), Definitions());
        // Events, newest first; only those meeting the constraint (index=risk).
        Assert.Equal(["alice", "win-dc-exch01"], result.Column("normalized_risk_object"));
        var exch = result.Rows[1];
        Assert.Equal("module failed", exch["risk_message"].ToString());
        Assert.Equal(["T1505.004", "Persistence"], exch["annotations._all"].Values);
        Assert.Equal(Rule, exch["source"].ToString());
        Assert.Equal("stash", exch["sourcetype"].ToString());
        Assert.Equal("risk", exch["index"].ToString());
        Assert.Equal("risk text", exch["_raw"].ToString());
        // A field the model does not define stays out (strict fields); a calculated field is computed.
        Assert.False(exch.Has("extra"));
        Assert.False(exch.Has("risk_object"));
        Assert.Equal("25", exch["risk_score"].ToString());
        Assert.Equal("0", result.Rows[0]["risk_score"].ToString());
        Assert.False(exch.Has("All_Risk.risk_message"));
    }

    [Fact]
    public void A_child_dataset_adds_its_constraint_and_fields()
    {
        // "from" and "datamodel" search a dataset of the data model, which inherits its parents' constraints and
        // fields (Knowledge Manager Manual, "Design data models").
        var definitions = Definitions();
        var plain = Run("| from datamodel:RiskLike.Systems | table normalized_risk_object risk_object risk_score", SmallRows(), definitions);
        Assert.Equal(["normalized_risk_object=win-dc-exch01 risk_object=win-dc-exch01 risk_score=25"], plain.Lines());
        var qualified = Run("| datamodel RiskLike Systems search | table All_Risk.normalized_risk_object All_Risk.Systems.risk_object All_Risk.risk_score", SmallRows(), definitions);
        Assert.Equal(["All_Risk.normalized_risk_object=win-dc-exch01 All_Risk.Systems.risk_object=win-dc-exch01 All_Risk.risk_score=25"], qualified.Lines());
    }

    [Fact]
    public void Datamodel_search_names_fields_by_their_dataset_as_tstats_does()
    {
        // "datamodel": search mode "returns the search results exactly how they are defined", fields named with their
        // dataset (flat mode strips it); summariesonly applies only to accelerated models.
        var definitions = Definitions();
        var result = Run("| datamodel RiskLike All_Risk search summariesonly=true", SmallRows(), definitions);
        Assert.Equal(2, result.Rows.Count);
        var exch = result.Rows[1];
        Assert.Equal("module failed", exch["All_Risk.risk_message"].ToString());
        Assert.Equal("25", exch["All_Risk.risk_score"].ToString());
        Assert.False(exch.Has("risk_message"));
        Assert.False(exch.Has("All_Risk.extra"));
        // _time, host, source, sourcetype keep their names; the event's index and text come along.
        Assert.Equal(Rule, exch["source"].ToString());
        Assert.Equal("risk", exch["index"].ToString());
        Assert.True(exch["_time"].TryGetTime(out _));

        // The same names tstats groups by.
        Assert.Equal(
            ["All_Risk.normalized_risk_object=alice count=1", "All_Risk.normalized_risk_object=win-dc-exch01 count=1"],
            Run("| datamodel RiskLike All_Risk search | stats count by All_Risk.normalized_risk_object", SmallRows(), definitions).Lines());
        Assert.Equal(
            ["All_Risk.normalized_risk_object=alice count=1", "All_Risk.normalized_risk_object=win-dc-exch01 count=1"],
            Run("| tstats count from datamodel=RiskLike.All_Risk by All_Risk.normalized_risk_object", SmallRows(), definitions).Lines());
    }

    [Fact]
    public void A_dataset_can_be_the_subject_of_a_subsearch()
    {
        // "from": a generating command; Search Manual, "About subsearches": a subsearch may start with one.
        var result = Run("normalized_risk_object=* [| from datamodel:RiskLike.Systems | fields normalized_risk_object]", SmallRows(), Definitions());
        // The file event shares the value, so the base search over all events finds it and the risk event.
        Assert.Equal(["not a risk event", "module failed"], result.Column("risk_message"));
    }

    [Theory]
    [InlineData("| from datamodel:RiskLike.Nope", "data model 'RiskLike' has no dataset 'Nope'", "datamodel", SplDiagnosticId.UnknownDataModel, "RiskLike.Nope")]
    [InlineData("| from datamodel:Nope.All_Risk", "unknown data model 'Nope'", "datamodel", SplDiagnosticId.UnknownDataModel, "Nope")]
    [InlineData("| from datamodel RiskLike", "from datamodel needs <data model>.<dataset>", "datamodel", SplDiagnosticId.SyntaxError, null)]
    [InlineData("| from savedsearch:daily", "from savedsearch is not supported", "savedsearch", SplDiagnosticId.UnsupportedFeature, "from savedsearch")]
    [InlineData("| datamodel RiskLike Nope search", "data model 'RiskLike' has no dataset 'Nope'", "Nope", SplDiagnosticId.UnknownDataModel, "RiskLike.Nope")]
    [InlineData("| datamodel Nope All_Risk search", "unknown data model 'Nope'", "Nope", SplDiagnosticId.UnknownDataModel, "Nope")]
    [InlineData("| datamodel RiskLike All_Risk flat", "datamodel mode flat is not supported", "flat", SplDiagnosticId.UnsupportedOption, "datamodel flat")]
    [InlineData("| datamodel RiskLike All_Risk acceleration_search", "datamodel mode acceleration_search is not supported", "acceleration_search", SplDiagnosticId.UnsupportedOption, "datamodel acceleration_search")]
    [InlineData("| datamodel RiskLike All_Risk search_string", "datamodel mode search_string is not supported", "search_string", SplDiagnosticId.UnsupportedOption, "datamodel search_string")]
    [InlineData("| datamodel RiskLike All_Risk", "returns a data model's JSON", "datamodel", SplDiagnosticId.UnsupportedFeature, "datamodel JSON")]
    [InlineData("| datamodel", "returns a data model's JSON", "datamodel", SplDiagnosticId.UnsupportedFeature, "datamodel JSON")]
    [InlineData("| datamodel RiskLike search", "datamodel over a whole data model is not supported", "search", SplDiagnosticId.UnsupportedFeature, "datamodel without a dataset")]
    [InlineData("| datamodel RiskLike All_Risk search strict_fields=false", "datamodel strict_fields=false is not supported", "strict_fields", SplDiagnosticId.UnsupportedOption, "datamodel strict_fields")]
    [InlineData("| datamodel RiskLike All_Risk search nodename=x", "unsupported datamodel option 'nodename'", "nodename", SplDiagnosticId.UnsupportedOption, "datamodel nodename")]
    [InlineData("| datamodel RiskLike All_Risk search extra", "unexpected text after the datamodel search mode", "extra", SplDiagnosticId.SyntaxError, null)]
    public void Unknown_datasets_and_other_forms_are_errors_naming_them(string search, string message, string marker, SplDiagnosticId id, string? subject)
    {
        // "from": "you must reference an existing dataset"; "datamodel": the modes and options it lists.
        var diagnostic = Assert.Single(Assert.Throws<SplCompileException>(() => Run(search, [], Definitions())).Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 2, StringComparison.Ordinal), diagnostic.Position);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(subject, diagnostic.Subject);
    }

    [Fact]
    public void A_time_modifier_in_a_data_models_base_search_is_refused()
    {
        // "Time modifiers" gives ranges to searches; a root search dataset is part of every search over the model.
        var problems = new List<KnowledgeProblem>();
        var definitions = new SplDefinitions();
        definitions.Add(DataModelJson.Read(new StringReader("""{"modelName":"B","objects":[{"objectName":"S","parentName":"BaseSearch","baseSearch":"kind=x earliest=-1d","fields":[]}]}"""), "b.json", problems)!);
        var diagnostic = Assert.Single(Assert.Throws<SplCompileException>(() => Run("| from datamodel:B.S", [], definitions)).Diagnostics);
        Assert.Contains("the base search of B.S holds a time modifier", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(SplDiagnosticId.UnsupportedFeature, diagnostic.Id);
    }

    // ---- The shipped Risk data model (content/knowledge/cim/default/data/models/Risk.json: index=risk, All_Risk) ----

    /// <summary>Risk events around the seed detection's object, as the risk store would hold them, plus rows that must stay out.</summary>
    private static Row[] RiskStore() =>
    [
        Risk(Now.AddHours(-2), "win-dc-exch01", Rule,
            ("risk_message", "IIS module load failure on win-dc-exch01"), ("risk_score", "25"), ("calculated_risk_score", "25"),
            ("analyticstories", new[] { "IIS Components", "WS FTP Server Critical Vulnerabilities" }),
            ("annotations._all", new[] { "T1505.004", "Persistence", "cis20" }), ("annotations.mitre_attack", "T1505.004"),
            ("annotations.mitre_attack.mitre_technique_id", "T1505.004"), ("annotations.mitre_attack.mitre_tactic", "persistence"),
            ("annotations.mitre_attack.mitre_tactic_id", "TA0003")),
        Risk(Now.AddHours(-30), "win-dc-exch01", ServiceRule,
            ("risk_message", "A service with a suspicious path was created on win-dc-exch01"), ("risk_score", "42"), ("calculated_risk_score", "42"),
            ("analyticstories", new[] { "Active Directory Lateral Movement", "IIS Components" }),
            ("annotations._all", new[] { "T1543.003", "Exploitation" }), ("annotations.mitre_attack.mitre_technique_id", "T1543.003"),
            ("annotations.mitre_attack.mitre_tactic", new[] { "persistence", "privilege-escalation" }),
            ("annotations.mitre_attack.mitre_tactic_id", new[] { "TA0003", "TA0004" }),
            ("threat_object", "C:\\Users\\Public\\svc.exe"), ("threat_object_type", "process")),
        // Older than 168 hours.
        Risk(Now.AddHours(-169), "win-dc-exch01", Rule, ("risk_message", "old"), ("calculated_risk_score", "25"), ("analyticstories", "IIS Components")),
        // Exactly 168 hours back: starthoursago is inclusive.
        Risk(Now.AddHours(-168), "win-dc-exch01", Rule, ("risk_message", "IIS module load failure on win-dc-exch01"), ("calculated_risk_score", "25"), ("analyticstories", "IIS Components"),
            ("annotations.mitre_attack.mitre_tactic", "persistence")),
        // Another object.
        Risk(Now.AddHours(-1), "win-ws-07", Rule, ("risk_message", "elsewhere"), ("calculated_risk_score", "25"), ("analyticstories", "IIS Components")),
        // A risk event without _time is in no time range.
        Risk(null, "win-dc-exch01", Rule, ("risk_message", "untimed")),
        // An event from a file: no index=risk, so not in Risk.All_Risk.
        Row(("source", "XmlWinEventLog:Application"), ("normalized_risk_object", "win-dc-exch01"), ("risk_message", "file"), ("_time", Now.AddMinutes(-1))),
    ];

    [Fact]
    public void The_seed_drilldown_runs_over_the_risk_store()
    {
        // "from" (datamodel), "search" (IN, starthoursago from "Time modifiers"), "stats" (values: distinct, sorted),
        // "convert" (ctime with timeformat).
        // The drilldown of the seed detection, as its YAML writes it ($dest$ filled in), ctime macros and all. ESCU's
        // security_content_ctime expands to convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(field).
        const string Drilldown = "| from datamodel Risk.All_Risk | search normalized_risk_object IN (\"win-dc-exch01\") starthoursago=168 | stats count min(_time) as firstTime max(_time) as lastTime values(search_name) as \"Search Name\" values(risk_message) as \"Risk Message\" values(analyticstories) as \"Analytic Stories\" values(annotations._all) as \"Annotations\" values(annotations.mitre_attack.mitre_tactic) as \"ATT&CK Tactics\" by normalized_risk_object | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`";
        var result = Run(Drilldown, RiskStore(), Searchable.Content.Definitions);

        Assert.Equal(["normalized_risk_object", "count", "firstTime", "lastTime", "Search Name", "Risk Message", "Analytic Stories", "Annotations", "ATT&CK Tactics"], result.Columns);
        var row = Assert.Single(result.Rows);
        Assert.Equal("win-dc-exch01", row["normalized_risk_object"].ToString());
        Assert.Equal("3", row["count"].ToString());
        // Now is 2024-01-02T03:04:05Z: the oldest in range is 168 hours back, the newest 2 hours back.
        Assert.Equal("2023-12-26T03:04:05", row["firstTime"].ToString());
        Assert.Equal("2024-01-02T01:04:05", row["lastTime"].ToString());
        // values() is distinct and sorted (code-unit order: upper case before lower case).
        Assert.Equal([Rule, ServiceRule], row["Search Name"].Values);
        Assert.Equal(["A service with a suspicious path was created on win-dc-exch01", "IIS module load failure on win-dc-exch01"], row["Risk Message"].Values);
        Assert.Equal(["Active Directory Lateral Movement", "IIS Components", "WS FTP Server Critical Vulnerabilities"], row["Analytic Stories"].Values);
        Assert.Equal(["Exploitation", "Persistence", "T1505.004", "T1543.003", "cis20"], row["Annotations"].Values);
        Assert.Equal(["persistence", "privilege-escalation"], row["ATT&CK Tactics"].Values);
    }

    [Fact]
    public void The_shipped_Risk_model_computes_its_defaults()
    {
        // "from": with strict fields, "default fields and fields that are explicitly identified" by the model, its
        // calculated fields among them.
        var result = Run("| from datamodel:Risk.All_Risk | search normalized_risk_object=win-ws-07 | table risk_object risk_object_type risk_score description index sourcetype source",
            [Risk(Now, "win-ws-07", Rule, ("risk_object_type", null))], Searchable.Content.Definitions);
        // risk_score and risk_object_type default as Risk.json's calculations say; ES's correlation-search lookup is
        // empty in Vigil, so description is "unknown".
        Assert.Equal([$"risk_object=win-ws-07 risk_object_type=unknown risk_score=0 description=unknown index=risk sourcetype=stash source={Rule}"], result.Lines());
    }

    [Fact]
    public void Datamodel_search_over_the_shipped_Risk_model()
    {
        // "datamodel" search mode names fields by their dataset; "Time modifiers" in a later | search.
        var result = Run("| datamodel Risk All_Risk search | search All_Risk.normalized_risk_object=win-dc-exch01 earliest=-24h | table All_Risk.risk_message All_Risk.annotations._all",
            RiskStore(), Searchable.Content.Definitions);
        Assert.Equal(["All_Risk.risk_message=IIS module load failure on win-dc-exch01 All_Risk.annotations._all=T1505.004|Persistence|cis20"], result.Lines());
    }

    [Fact]
    public void A_risk_correlation_tstats_over_the_shipped_Risk_model()
    {
        // The shape of ESCU's risk correlations (e.g. "Windows Modify Registry Risk Behavior"): tstats over
        // Risk.All_Risk, now that its constraint index=risk compiles.
        const string Search = "| tstats summariesonly=true sum(All_Risk.calculated_risk_score) as risk_score, count(All_Risk.calculated_risk_score) as risk_event_count, values(All_Risk.annotations.mitre_attack.mitre_tactic_id) as annotations.mitre_attack.mitre_tactic_id, dc(All_Risk.annotations.mitre_attack.mitre_tactic_id) as mitre_tactic_id_count, values(All_Risk.analyticstories) as analyticstories, values(source) as source, dc(source) as source_count from datamodel=Risk.All_Risk where All_Risk.analyticstories IN (\"IIS Components\") All_Risk.risk_object_type=\"system\" earliest=-7d by All_Risk.risk_object All_Risk.risk_object_type | `drop_dm_object_name(All_Risk)` | where source_count >= 2";
        var result = Run(Search, RiskStore(), Searchable.Content.Definitions);
        Assert.Equal(["risk_object", "risk_object_type", "risk_score", "risk_event_count", "annotations.mitre_attack.mitre_tactic_id", "mitre_tactic_id_count", "analyticstories", "source", "source_count"], result.Columns);
        Assert.Equal(
            [$"risk_object=win-dc-exch01 risk_object_type=system risk_score=92 risk_event_count=3 annotations.mitre_attack.mitre_tactic_id=TA0003|TA0004 mitre_tactic_id_count=2 analyticstories=Active Directory Lateral Movement|IIS Components|WS FTP Server Critical Vulnerabilities source={Rule}|{ServiceRule} source_count=2"],
            result.Lines());
    }
}
