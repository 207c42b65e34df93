using System.Text.RegularExpressions;
using Vigil.Events.Model;
using Vigil.Events.Xml;
using Vigil.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Vigil.Tests.Knowledge;

/// <summary>
/// Every field that ESCU's Windows detections name and that Splunk's add-ons give a data source (ESCU lists them per
/// data source, with a real example event) is computed by Vigil's knowledge on that real event.
/// </summary>
public partial class DataSourceFieldTests
{
    /// <summary>Fields Splunk itself adds (not the add-ons), or that no XmlWinEventLog event can give.</summary>
    private static readonly HashSet<string> NotFromKnowledge = new(StringComparer.Ordinal)
    {
        "_time", "date_hour", "date_mday", "date_minute", "date_month", "date_second", "date_wday", "date_year", "date_zone",
        "eventtype", "tag", "index", "linecount", "punct", "splunk_server", "timeendpos", "timestartpos", "splunk_server_group",
    };

    public static TheoryData<string> WindowsDataSources()
    {
        var data = new TheoryData<string>();
        var directory = Path.Combine(TestPaths.Shared, "escu", "data_sources");
        if (!Directory.Exists(directory))
        {
            data.Add("(shared material absent)");
            return data;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*.yml").Order(StringComparer.Ordinal))
        {
            var map = Load(file);
            if (Text(map, "source") is { } source && source.StartsWith("XmlWinEventLog:", StringComparison.Ordinal)
                && Text(map, "example_log") is { } log && log.TrimStart().StartsWith("<Event", StringComparison.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WindowsDataSources))]
    public void The_fields_ESCU_names_are_computed_on_the_data_sources_real_event(string dataSource)
    {
        var file = TestPaths.RequireShared("escu", "data_sources", dataSource);
        var map = Load(file);
        WinEvent winEvent;
        try
        {
            winEvent = XmlEventParser.Parse(Text(map, "example_log")!.Trim(), new LineOrigin(file, 1));
        }
        catch (System.Xml.XmlException e)
        {
            Assert.SkipWhen(true, $"{dataSource}: ESCU's example_log is cut short, not a whole event ({e.Message})");
            return;
        }

        var row = Searchable.Row(winEvent);
        var listed = ((YamlSequenceNode)map.Children[new YamlScalarNode("fields")]).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();
        var expected = listed.Where(f => NamedByWindowsDetections.Value.Contains(f) && !NotFromKnowledge.Contains(f) && !f.StartsWith("tag::", StringComparison.Ordinal))
            .Where(f => !IsKnownGap(dataSource, f))
            .ToList();
        var missing = expected.Where(f => row[f].IsNull).ToList();
        Assert.True(missing.Count == 0, $"{dataSource}: {missing.Count} of {expected.Count} fields missing: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// Fields Vigil's knowledge does not compute for a data source although ESCU lists them, each with why (see
    /// content/knowledge/*/README.md). A gap that closes makes no failure; a new one does.
    /// </summary>
    private static readonly Dictionary<string, HashSet<string>> KnownGaps = new(StringComparer.Ordinal)
    {
        // Splunk_TA_windows takes app, object_attrs and severity from lookup tables it does not publish; Vigil
        // sets app for logon events only (from the logon type).
        ["*security*"] = ["app", "object_attrs", "severity"],
        // 1100 (the event log service shut down) names no service in its event.
        ["windows_event_log_security_1100.yml"] = ["service", "service_name"],
        // Sysmon gives image loads (7) no parent process; the add-on's output listed parent fields from a union of events.
        ["sysmon_eventid_7.yml"] = ["parent_process_exec", "parent_process_guid", "parent_process_id", "parent_process_name", "parent_process_path"],
        // Network connection state and the WMI change fields are not mapped (no ESCU detection groups by them).
        ["sysmon_eventid_3.yml"] = ["state"],
        ["sysmon_eventid_20.yml"] = ["change_type", "object", "object_path", "src"],
        ["sysmon_eventid_21.yml"] = ["change_type", "object", "object_attrs", "object_path", "result", "src"],
    };

    private static bool IsKnownGap(string dataSource, string field) =>
        KnownGaps.Any(g => (g.Key == dataSource || (g.Key == "*security*" && dataSource.Contains("security", StringComparison.Ordinal))) && g.Value.Contains(field));

    private static readonly Lazy<HashSet<string>> NamedByWindowsDetections = new(() =>
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.Shared, "escu", "detections"), "*.yml", SearchOption.AllDirectories))
        {
            var map = Load(file);
            var sources = map.Children.TryGetValue(new YamlScalarNode("data_source"), out var node) && node is YamlSequenceNode list
                ? list.Children.Select(n => ((YamlScalarNode)n).Value ?? string.Empty).ToList()
                : [];
            if (Text(map, "status") == "deprecated" || !sources.Any(s => Regex.IsMatch(s, "sysmon|windows|powershell", RegexOptions.IgnoreCase)))
            {
                continue;
            }

            foreach (Match word in Word().Matches(Text(map, "search") ?? string.Empty))
            {
                names.Add(word.Value.Contains('.', StringComparison.Ordinal) ? word.Value[(word.Value.LastIndexOf('.') + 1)..] : word.Value);
            }
        }

        return names;
    });

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(file)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string? Text(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_.]*")]
    private static partial Regex Word();
}
