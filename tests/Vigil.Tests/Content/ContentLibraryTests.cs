using Vigil.Content;
using Vigil.Content.Loading;
using Vigil.Content.Model;
using Vigil.Hunt;
using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;
using Vigil.Spl.Syntax;
using Vigil.Tests.Support;

namespace Vigil.Tests.Content;

public class ContentLibraryTests
{
    private const string SeedId = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";

    [Fact]
    public void Shipped_content_holds_the_seed_detection_its_macros_event_type_and_story()
    {
        var library = LoadedContent.Shipped().Library;
        Assert.Empty(library.Problems);
        // The IIS Components story's nine detections, the seed among them.
        Assert.Equal(9, library.Detections.Count);
        Assert.All(library.Detections, d => Assert.Contains("IIS Components", d.AnalyticStories));
        var seed = library.Find(SeedId)!;
        Assert.Equal("Windows IIS Components Module Failed to Load", seed.Name);
        Assert.Equal(DetectionShape.TagsV3, seed.Shape);
        Assert.Equal([new RiskObjectSpec("dest", RiskObjectType.System, 25)], seed.RiskObjects);
        Assert.Equal(["T1505", "T1505.004"], seed.MitreAttackIds);
        Assert.Equal(["IIS Components"], seed.AnalyticStories);
        Assert.Equal(2, seed.Drilldowns.Count);
        Assert.Equal("windows_iis_components_module_failed_to_load_filter", seed.FilterMacroName);
        Assert.True(library.Definitions.Macros.ContainsKey("security_content_ctime(1)"));
        Assert.True(library.Definitions.Macros.ContainsKey(seed.FilterMacroName));
        Assert.True(library.Definitions.EventTypes.ContainsKey("wineventlog_application"));
        Assert.True(library.Stories.ContainsKey("IIS Components"));
        Assert.Contains(SeedId, library.ShippedDetectionIds);
    }

    [Fact]
    public void Our_seed_keeps_ESCU_s_search_risk_and_annotations()
    {
        var escu = new ContentLibrary(new SplDefinitions());
        escu.AddDirectory(TestPaths.RequireShared("escu", "detections", "endpoint"));
        var theirs = escu.Find(SeedId)!;
        var ours = LoadedContent.Shipped().Library.Find(SeedId)!;
        Assert.Equal(theirs.Search, ours.Search);
        Assert.Equal(theirs.RiskObjects, ours.RiskObjects);
        Assert.Equal(theirs.MitreAttackIds, ours.MitreAttackIds);
        Assert.Equal(theirs.AnalyticStories, ours.AnalyticStories);
        Assert.Equal(theirs.Type, ours.Type);
    }

    [Fact]
    public void All_of_ESCU_loads_and_v3_scores_match_ESCU_s_own_risk_score()
    {
        var root = TestPaths.RequireShared("escu");
        var library = new ContentLibrary(new SplDefinitions());
        library.AddDirectory(root);
        Assert.Empty(library.Problems);
        var files = Directory.GetFiles(Path.Combine(root, "detections"), "*.yml", SearchOption.AllDirectories).Length;
        Assert.Equal(files, library.Detections.Count);
        Assert.True(library.Definitions.Macros.Count >= 180, $"{library.Definitions.Macros.Count} macros");
        Assert.True(library.Stories.Count > 100, $"{library.Stories.Count} stories");

        // Our score must be round(confidence x impact / 100) with Python's rounding, computed here from the YAML.
        // ESCU's own risk_score field mostly agrees; where it does not, contentctl's computation is what ships.
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        var checkedScores = 0;
        var escuAgrees = 0;
        foreach (var detection in library.Detections.Where(d => d.RiskObjects.Count > 0))
        {
            yaml.Load(new StringReader(File.ReadAllText(detection.Origin)));
            var tags = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode)["tags"];
            string? Tag(string key) => tags.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(key), out var node) ? node.ToString() : null;
            if (Tag("confidence") is not { } confidence || Tag("impact") is not { } impact)
            {
                continue;
            }

            var expected = (int)Math.Round(double.Parse(confidence, System.Globalization.CultureInfo.InvariantCulture) * double.Parse(impact, System.Globalization.CultureInfo.InvariantCulture) / 100, MidpointRounding.ToEven);
            Assert.All(detection.RiskObjects, r => Assert.Equal((detection.Name, expected), (detection.Name, r.Score)));
            checkedScores++;
            if (Tag("risk_score") is { } given && double.Parse(given, System.Globalization.CultureInfo.InvariantCulture) == expected)
            {
                escuAgrees++;
            }
        }

        Assert.True(escuAgrees > checkedScores * 9 / 10, $"ESCU's risk_score agrees with confidence x impact for only {escuAgrees} of {checkedScores}");
        Assert.True(checkedScores > 500, $"only {checkedScores} scores checked");
    }

    [Fact]
    public void Every_ESCU_search_parses_and_each_refusal_names_its_cause()
    {
        // ESCU's macros use Splunk_TA_windows event types, which the shipped knowledge provides.
        var content = LoadedContent.Shipped();
        var library = content.Library;
        library.AddDirectory(TestPaths.RequireShared("escu"));
        var (compiled, failures) = DetectionCompiler.Compile(library.Detections, library.Definitions);
        Assert.Equal(library.Detections.Count, compiled.Count + failures.Count);
        var causes = failures.SelectMany(f => f.Causes).GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}");
        var syntax = failures.SelectMany(f => f.Diagnostics.Where(d => d.Id is SplDiagnosticId.SyntaxError or SplDiagnosticId.MacroError)
            .Select(d => $"{f.Detection.Name}: {d.Message}")).ToList();
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "vigil-escu-compile-summary.txt"),
            $"{compiled.Count} compile, {failures.Count} fail\n{string.Join("\n", causes)}\n\nsyntax errors:\n{string.Join("\n", syntax)}\n");
        Assert.Contains(compiled, c => c.Detection.Id == SeedId);
        Assert.True(compiled.Count >= 1450, $"only {compiled.Count} of {library.Detections.Count} ESCU searches compile");

        // Every production detection runs in Splunk, so every one parses: what Vigil refuses, it refuses by name.
        Assert.All(failures.SelectMany(f => f.Diagnostics), d => Assert.NotNull(d.Subject));
        Assert.Empty(syntax);
    }

    [Fact]
    public void Windows_log_detections_run_and_every_endpoint_data_model_search_is_blocked_only_by_other_commands()
    {
        var content = LoadedContent.Shipped();
        content.Library.AddDirectory(TestPaths.RequireShared("escu"));
        var windows = content.Library.Detections.Where(Hunt.EscuOverSharedEvtxTests.IsWindowsLog).ToList();
        var (compiled, failures) = DetectionCompiler.Compile(windows, content.Definitions);
        Assert.True(compiled.Count >= 800, $"only {compiled.Count} of {windows.Count} Windows-log detections compile");

        // What still blocks an Endpoint.Processes, Registry or Filesystem search must lie outside tstats and the data
        // model: an unsupported command, a lookup or event type that does not ship with Vigil.
        string[] models = ["datamodel=Endpoint.Processes", "datamodel=Endpoint.Registry", "datamodel=Endpoint.Filesystem"];
        var endpoint = failures.Where(f => models.Any(m => f.Detection.Search.Contains(m, StringComparison.OrdinalIgnoreCase))).ToList();
        var blockedByDataModel = endpoint
            .SelectMany(f => f.Causes.Where(c => c.Contains("tstats", StringComparison.OrdinalIgnoreCase) || c.Contains("data model", StringComparison.OrdinalIgnoreCase) || c.Contains("datamodel", StringComparison.OrdinalIgnoreCase))
                .Select(c => $"{f.Detection.Name}: {c}"))
            .ToList();
        Assert.Empty(blockedByDataModel);
    }

    [Fact]
    public void The_v5_rba_shape_gives_explicit_risk_and_threat_objects()
    {
        using var dir = new TempDirectory();
        dir.Write("detections/v5.yml", """
            name: Example RBA Detection
            id: 11111111-2222-3333-4444-555555555555
            version: 8
            status: production
            type: TTP
            search: '`wineventlog_application` EventCode=2282 | stats count by dest user ModuleDll'
            rba:
              message: $user$ on $dest$ loaded $ModuleDll$
              risk_objects:
              - field: dest
                type: system
                score: 20
              - field: user
                type: user
                score: 40
              threat_objects:
              - field: ModuleDll
                type: file_path
            tags:
              analytic_story:
              - IIS Components
              mitre_attack_id:
              - T1505.004
            """);
        var library = LoadedContent.Shipped().Library;
        library.AddDirectory(dir.Path);
        var detection = library.Find("example rba detection")!;
        Assert.Equal(DetectionShape.RbaV5, detection.Shape);
        Assert.Equal([new RiskObjectSpec("dest", RiskObjectType.System, 20), new RiskObjectSpec("user", RiskObjectType.User, 40)], detection.RiskObjects);
        Assert.Equal([new ThreatObjectSpec("ModuleDll", "file_path")], detection.ThreatObjects);
        Assert.Equal(40, detection.RiskScore);
        Assert.Equal("$user$ on $dest$ loaded $ModuleDll$", detection.RiskMessage);
    }

    [Fact]
    public void V3_observables_map_roles_and_types_and_round_half_to_even()
    {
        using var dir = new TempDirectory();
        dir.Write("d.yml", """
            name: Example V3
            id: 66666666-2222-3333-4444-555555555555
            search: x=1
            tags:
              confidence: 25
              impact: 50
              message: m
              observable:
              - name: dest
                type: Endpoint
                role: [Victim]
              - name: user
                type: User
                role: [Victim]
              - name: process
                type: Process
                role: [Attacker]
              - name: other
                type: Registry Key Name
                role: [Victim]
            """);
        var library = new ContentLibrary(new SplDefinitions());
        library.AddDirectory(dir.Path);
        var detection = Assert.Single(library.Detections);
        // 25 x 50 / 100 = 12.5, which Python's round() (as contentctl uses) takes to 12.
        Assert.Equal(
            [new RiskObjectSpec("dest", RiskObjectType.System, 12), new RiskObjectSpec("user", RiskObjectType.User, 12), new RiskObjectSpec("other", RiskObjectType.Other, 12)],
            detection.RiskObjects);
        Assert.Equal([new ThreatObjectSpec("process", "process")], detection.ThreatObjects);
    }

    [Fact]
    public void A_user_macro_file_replaces_the_shipped_macro_in_YAML_or_conf_form()
    {
        using var dir = new TempDirectory();
        var yaml = dir.Write("filter.yml", "name: windows_iis_components_module_failed_to_load_filter\ndefinition: search NOT ModuleDll=\"*inetsrv*\"\n");
        var conf = dir.Write("macros.conf", "[windows_iis_components_module_failed_to_load_filter]\ndefinition = search NOT dest=x\n\n[two(2)]\nargs = a, b\ndefinition = $a$=$b$\n");
        var library = LoadedContent.Shipped().Library;
        library.AddMacroFile(yaml);
        Assert.Equal("search NOT ModuleDll=\"*inetsrv*\"", library.Definitions.Macros["windows_iis_components_module_failed_to_load_filter"].Definition);
        library.AddMacroFile(conf);
        Assert.Equal("search NOT dest=x", library.Definitions.Macros["windows_iis_components_module_failed_to_load_filter"].Definition);
        Assert.Equal("p=q", MacroExpander.Expand("`two(p, q)`", library.Definitions));
        Assert.Empty(library.Problems);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_reported_not_a_stack_overflow()
    {
        using var dir = new TempDirectory();
        dir.Write("a_deep.yml", "name: " + new string('[', 100_000) + "\n");
        dir.Write("b_ok.yml", "name: Nested\nid: 77777777-0000-0000-0000-000000000001\nsearch: x=1\ntags: " + new string('[', 10) + new string(']', 10) + "\n");
        var library = new ContentLibrary(new SplDefinitions());
        library.AddDirectory(dir.Path);
        Assert.Equal("Nested", Assert.Single(library.Detections).Name);
        var problem = Assert.Single(library.Problems);
        Assert.Contains($"nested deeper than {YamlText.MaxDepth} levels", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public void Broken_content_is_reported_with_file_and_line_and_the_rest_loads()
    {
        using var dir = new TempDirectory();
        dir.Write("a_bad.yml", "name: x\nsearch: [unclosed\n");
        dir.Write("b_noid.yml", "name: y\nsearch: x=1\nid: \n");
        dir.Write("c_good.yml", "name: Good\nid: 77777777-0000-0000-0000-000000000000\nsearch: x=1\n");
        dir.Write("d_eval.yml", "name: m\ndefinition: x\niseval: 1\n");
        var library = new ContentLibrary(new SplDefinitions());
        library.AddDirectory(dir.Path);
        Assert.Equal("Good", Assert.Single(library.Detections).Name);
        Assert.Equal(2, library.Problems.Count);
        Assert.Contains(library.Problems, p => p.Path.EndsWith("a_bad.yml", StringComparison.Ordinal) && p.Line == 3 && p.Reason.StartsWith("invalid YAML", StringComparison.Ordinal));
        Assert.Contains(library.Problems, p => p.Reason.Contains("eval macro", StringComparison.Ordinal));
        Assert.Equal(1, library.IgnoredFiles);
    }
}
