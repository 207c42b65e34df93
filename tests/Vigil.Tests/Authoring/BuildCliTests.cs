using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Vigil.Authoring.SplunkApp;
using Vigil.Content;
using Vigil.Hunt;
using Vigil.Knowledge.Conf;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.CliRunner;

namespace Vigil.Tests.Authoring;

/// <summary>vigil build: every file parsed back with Vigil's own .conf reader and checked against the content.</summary>
public class BuildCliTests
{
    private const string SeedStanza = "ESCU - Windows IIS Components Module Failed to Load - Rule";

    [Fact]
    public void The_seeds_stanza_carries_its_risk_message_annotations_and_drilldowns_and_the_archive_has_the_app_folder_at_its_root()
    {
        using var dir = new TempDirectory();
        var app = Path.Combine(dir.Path, "DA-Vigil-Test");
        var (exit, output, errors) = RunVigil("build", "--splunk-app", app, "--package");
        Assert.True(exit == 0, errors);
        Assert.Contains("9 detections, 18 macros, 0 lookups, 4 stories", output, StringComparison.Ordinal);

        var seed = LoadedContent.Shipped().Library.Find("40c2ba5b-dd6a-496b-9e6e-c9524d0be167")!;
        var stanza = Read(Path.Combine(app, "default", "savedsearches.conf")).Single(s => s.Name == SeedStanza);
        Assert.Equal(seed.Search, stanza.Value("search"));
        Assert.Equal(seed.RiskMessage, stanza.Value("action.risk.param._risk_message"));
        Assert.Equal("1", stanza.Value("action.risk"));
        var risk = JsonDocument.Parse(stanza.Value("action.risk.param._risk")!).RootElement.EnumerateArray().Single();
        Assert.Equal("dest", risk.GetProperty("risk_object_field").GetString());
        Assert.Equal("system", risk.GetProperty("risk_object_type").GetString());
        Assert.Equal(25, risk.GetProperty("risk_score").GetInt32());
        Assert.Equal(SeedStanza, stanza.Value("action.correlationsearch.label"));
        Assert.Equal("1", stanza.Value("action.correlationsearch.enabled"));
        var annotations = JsonDocument.Parse(stanza.Value("action.correlationsearch.annotations")!).RootElement;
        Assert.Equal(["T1505", "T1505.004"], annotations.GetProperty("mitre_attack").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["IIS Components"], annotations.GetProperty("analytic_story").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Anomaly", annotations.GetProperty("type").GetString());
        var drilldowns = JsonDocument.Parse(stanza.Value("action.notable.param.drilldown_searches")!).RootElement.EnumerateArray().ToList();
        Assert.Equal(seed.Drilldowns.Select(d => d.Name), drilldowns.Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(seed.Search + " | search  dest = \"$dest$\"", drilldowns[0].GetProperty("search").GetString());
        Assert.All(drilldowns, d => Assert.Equal("$info_min_time$", d.GetProperty("earliest_offset").GetString()));
        Assert.All(drilldowns, d => Assert.Equal("$info_max_time$", d.GetProperty("latest_offset").GetString()));
        Assert.Equal("0 * * * *", stanza.Value("cron_schedule"));
        Assert.Equal("-70m@m", stanza.Value("dispatch.earliest_time"));
        Assert.Equal("-10m@m", stanza.Value("dispatch.latest_time"));

        var macros = Read(Path.Combine(app, "default", "macros.conf"));
        Assert.Subset(macros.Select(m => m.Name).ToHashSet(), new HashSet<string> { "security_content_ctime(1)", "windows_iis_components_module_failed_to_load_filter", "wineventlog_application" });
        Assert.Equal("field", macros.Single(m => m.Name == "security_content_ctime(1)").Value("args"));
        var story = Read(Path.Combine(app, "default", "analyticstories.conf")).Single(s => s.Name == "analytic_story://IIS Components");
        var storySearches = JsonDocument.Parse(story.Value("searches")!).RootElement.EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(SeedStanza, storySearches);
        Assert.Equal(9, storySearches.Count);
        Assert.Equal("DA-Vigil-Test", Read(Path.Combine(app, "default", "app.conf")).Single(s => s.Name == "package").Value("id"));
        Assert.Equal("system", Read(Path.Combine(app, "metadata", "default.meta")).Single(s => s.Name.Length == 0).Value("export"));

        using var archive = new TarReader(new GZipStream(File.OpenRead(app + ".tar.gz"), CompressionMode.Decompress));
        var entries = new List<string>();
        while (archive.GetNextEntry() is { } entry)
        {
            entries.Add(entry.Name);
        }

        Assert.All(entries, e => Assert.StartsWith("DA-Vigil-Test/", e, StringComparison.Ordinal));
        Assert.Contains("DA-Vigil-Test/default/savedsearches.conf", entries);
        Assert.Contains("DA-Vigil-Test/metadata/default.meta", entries);
    }

    [Fact]
    public void Escu_every_detection_gets_a_stanza_that_reads_back_as_its_content()
    {
        var escu = TestPaths.RequireShared("escu");
        var loaded = LoadedContent.Shipped();
        loaded.Library.AddDirectory(escu);
        using var dir = new TempDirectory();
        var app = Path.Combine(dir.Path, "ESCU-Test");
        var result = SplunkAppBuilder.Build(loaded.Library, app, AppIdentity.ForDirectory(app, "1.0.0"));

        Assert.Empty(result.Problems);
        var stanzas = Read(Path.Combine(app, "default", "savedsearches.conf")).ToDictionary(s => s.Name);
        Assert.Equal(loaded.Library.Detections.Count, stanzas.Count);
        foreach (var detection in loaded.Library.Detections)
        {
            var stanza = stanzas["ESCU - " + detection.Name + " - Rule"];
            Assert.Equal(detection.Search.Trim(), stanza.Value("search"));
            Assert.Equal((detection.Description ?? string.Empty).Trim(), stanza.Value("description"));
            var risk = stanza.Value("action.risk.param._risk") is { } json ? JsonDocument.Parse(json).RootElement.EnumerateArray().ToList() : [];
            Assert.Equal(detection.RiskObjects.Select(r => (r.Field, r.Score)), risk.Where(r => r.TryGetProperty("risk_object_field", out _)).Select(r => (r.GetProperty("risk_object_field").GetString()!, r.GetProperty("risk_score").GetInt32())));
            var annotations = JsonDocument.Parse(stanza.Value("action.correlationsearch.annotations")!).RootElement;
            Assert.Equal(detection.AnalyticStories, annotations.GetProperty("analytic_story").EnumerateArray().Select(e => e.GetString()!));
        }

        // CSV lookups ship their table in lookups/; KV store lookups name a collection that collections.conf declares.
        var transforms = Read(Path.Combine(app, "default", "transforms.conf"));
        var collections = Read(Path.Combine(app, "default", "collections.conf")).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(transforms);
        Assert.All(transforms, t =>
        {
            if (t.Value("external_type") == "kvstore")
            {
                Assert.Contains(t.Value("collection")!, collections);
            }
            else
            {
                Assert.True(File.Exists(Path.Combine(app, "lookups", t.Value("filename")!)), t.Name);
            }
        });
        var services = Assert.Single(transforms, t => t.Name == "previously_seen_running_windows_services");
        Assert.Equal("kvstore", services.Value("external_type"));
        Assert.Equal("_key, service, firstTimeSeen, lastTimeSeen", services.Value("fields_list"));
    }

    [Fact]
    public void Conf_values_with_line_breaks_and_backslashes_read_back_unchanged_and_an_unwritable_one_is_refused()
    {
        var value = "first line\nC:\\Windows\\\n\n  indented | search x=\"a\\\\\"";
        var text = ConfWriter.Write([new ConfStanzaText("s", [new("key", value), new("next", "1")])]);
        var stanza = ConfFile.Parse(new StringReader(text), "test", []).Single();
        Assert.Equal(value, stanza.Value("key"));
        Assert.Equal("1", stanza.Value("next"));
        Assert.Throws<ConfValueException>(() => ConfWriter.Write([new ConfStanzaText("s", [new("key", "ends in C:\\")])]));
        Assert.Throws<ConfValueException>(() => ConfWriter.Write([new ConfStanzaText("s", [new("a=b", "x")])]));
    }

    private static List<ConfStanza> Read(string path)
    {
        var problems = new List<KnowledgeProblem>();
        var stanzas = ConfFile.Parse(new StringReader(File.ReadAllText(path)), path, problems);
        Assert.Empty(problems);
        return stanzas;
    }
}
