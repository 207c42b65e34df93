using System.Globalization;
using Vigil.Events.Model;
using Vigil.Knowledge.AddOns;
using Vigil.Knowledge.Conf;
using Vigil.Knowledge.Fields;
using Vigil.Knowledge.Props;
using Vigil.Spl.DataModels;
using Vigil.Spl.Definitions;
using Vigil.Spl.Lookups;

namespace Vigil.Knowledge;

/// <summary>
/// Splunk's search-time knowledge as Vigil runs it: Vigil's own add-ons (content/knowledge: Windows, Sysmon, CIM),
/// then the add-ons a user names. Within one layer add-ons merge setting by setting, as Splunk's apps do; a user's
/// add-on replaces Vigil's definition of anything it defines (a props or transforms stanza, an event type, a tag
/// stanza, a lookup, a data model, a macro) wholesale, so a user with Splunk_TA_windows gets exactly its fields.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly List<KnowledgeProblem> _problems = [];
    private readonly List<AddOn> _shipped = [];
    private readonly List<AddOn> _user = [];

    private KnowledgeBase()
    {
    }

    /// <summary>Problems found while loading, each with its file and line, then those met while events were read.</summary>
    public IReadOnlyList<KnowledgeProblem> Problems => _problems;

    /// <summary>The add-ons loaded, shipped ones first.</summary>
    public IEnumerable<string> AddOnNames => _shipped.Concat(_user).Select(a => a.Name);

    /// <summary>Vigil's own knowledge, embedded in the binary.</summary>
    public static KnowledgeBase LoadShipped()
    {
        var knowledge = new KnowledgeBase();
        foreach (var files in EmbeddedAddOnFiles.All(typeof(KnowledgeBase).Assembly))
        {
            knowledge._shipped.Add(AddOn.Read(files, knowledge._problems));
        }

        return knowledge;
    }

    /// <summary>A knowledge base with no add-ons at all (tests; a user who wants only their own).</summary>
    public static KnowledgeBase Empty() => new();

    /// <summary>Adds a user's add-on directory (default/ then local/); false, with a problem, when it is not one.</summary>
    public bool AddAddOn(string directory)
    {
        if (!Directory.Exists(directory))
        {
            _problems.Add(new KnowledgeProblem(directory, null, "no such directory", IsError: true));
            return false;
        }

        if (!Directory.Exists(Path.Combine(directory, "default")) && !Directory.Exists(Path.Combine(directory, "local")))
        {
            _problems.Add(new KnowledgeProblem(directory, null, "not an add-on: it has neither default/ nor local/", IsError: true));
            return false;
        }

        try
        {
            var addOn = AddOn.Read(new DirectoryAddOnFiles(directory), _problems);
            _user.Add(addOn);
            ReportStanzasForOtherSourcetypes(addOn);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _problems.Add(new KnowledgeProblem(directory, null, "cannot read: " + e.Message, IsError: true));
            return false;
        }
    }

    /// <summary>
    /// Vigil's Windows events have sourcetype XmlWinEventLog or, read from the classic text form, WinEventLog: stanzas
    /// for other sourcetypes (an older Sysmon add-on's XmlWinEventLog:Microsoft-Windows-Sysmon/Operational ...) apply
    /// to none of them unless an input declares that sourcetype. Said once per add-on.
    /// </summary>
    private void ReportStanzasForOtherSourcetypes(AddOn addOn)
    {
        var unused = addOn.Stanzas("props").Values
            .Select(s => new PropsStanza(s, _ => { }))
            .Where(s => s.Kind == StanzaKind.Sourcetype
                && !s.Matches(EventMetadata.XmlWinEventLogSourcetype, string.Empty, string.Empty)
                && !s.Matches(EventMetadata.WinEventLogSourcetype, string.Empty, string.Empty))
            .Select(s => $"[{s.Name}]")
            .ToList();
        if (unused.Count > 0)
        {
            _problems.Add(new KnowledgeProblem(addOn.Files.Describe("default/props.conf"), null,
                $"{unused.Count} stanza(s) name sourcetypes Vigil's Windows events never have (they are XmlWinEventLog or WinEventLog, with source XmlWinEventLog:<channel> or WinEventLog:<channel>; other sourcetypes only when an input declares one, PATH::SOURCETYPE), so they apply to nothing: {string.Join(", ", unused.Take(5))}{(unused.Count > 5 ? " ..." : string.Empty)}"));
        }
    }

    /// <summary>
    /// Puts what searches refer to into the definitions: macros, event types, tags, lookups, data models. Call it before
    /// loading detection content, whose own macros then take precedence.
    /// </summary>
    public void Install(SplDefinitions definitions)
    {
        foreach (var lookup in Lookups().Values)
        {
            definitions.Add(lookup);
        }

        foreach (var macro in MacrosConf.Read(Effective("macros").Values, _problems))
        {
            definitions.Add(macro);
        }

        foreach (var (type, tags, disabled) in EventTypesConf.Read(Effective("eventtypes").Values, _problems))
        {
            if (disabled)
            {
                definitions.RemoveEventType(type.Name);
                continue;
            }

            definitions.Add(type);
            foreach (var tag in tags)
            {
                definitions.Tags.Set("eventtype", type.Name, tag, enabled: true);
            }
        }

        foreach (var tag in TagsConf.Read(Effective("tags").Values, _problems))
        {
            definitions.Tags.Set(tag.Field, tag.Value, tag.Tag, tag.Enabled);
        }

        var models = new Dictionary<string, DataModel>(StringComparer.Ordinal);
        foreach (var addOn in _shipped.Concat(_user))
        {
            foreach (var model in addOn.DataModels)
            {
                models[model.Name] = model;
            }
        }

        foreach (var model in models.Values)
        {
            definitions.Add(model);
        }
    }

    /// <summary>The field steps for events, compiled against these definitions (eval functions, lookups).</summary>
    public FieldKnowledge CreateFieldKnowledge(SplDefinitions definitions)
    {
        var transforms = Effective("transforms");
        var compiler = new FieldPlanCompiler(
            name => transforms.GetValueOrDefault(name),
            name => definitions.Lookups.GetValueOrDefault(name),
            Report);
        // Made again for each hunt or test: a problem already reported is not added twice.
        var stanzas = Effective("props").Values.Select(s => new PropsStanza(s, Report)).ToList();
        ReportUnsupportedSettings(stanzas);
        return new FieldKnowledge(stanzas, compiler, definitions, Report);
    }

    // Also called while events are read, on several threads (an extraction out of time, a lookup table gone).
    private void Report(KnowledgeProblem problem)
    {
        lock (_problems)
        {
            if (!_problems.Contains(problem))
            {
                _problems.Add(problem);
            }
        }
    }

    /// <summary>
    /// One .conf file's stanzas as they apply: the shipped layer merged setting by setting, then each user stanza
    /// replacing the shipped stanza of its name.
    /// </summary>
    private Dictionary<string, ConfStanza> Effective(string confName)
    {
        var shipped = Merge(_shipped, confName);
        foreach (var (name, stanza) in Merge(_user, confName))
        {
            shipped[name] = stanza;
        }

        return shipped;
    }

    private static Dictionary<string, ConfStanza> Merge(IEnumerable<AddOn> addOns, string confName)
    {
        var merged = new Dictionary<string, ConfStanza>(StringComparer.Ordinal);
        foreach (var addOn in addOns)
        {
            foreach (var (name, stanza) in addOn.Stanzas(confName))
            {
                if (!merged.TryGetValue(name, out var target))
                {
                    target = new ConfStanza(name, stanza.Origin, stanza.Line);
                    merged[name] = target;
                }

                foreach (var setting in stanza.Settings)
                {
                    target.Set(setting);
                }
            }
        }

        return merged;
    }

    /// <summary>Lookups defined in transforms.conf (<c>filename</c>), their tables found in the add-ons' lookups/.</summary>
    private Dictionary<string, LookupDefinition> Lookups()
    {
        var lookups = new Dictionary<string, LookupDefinition>(StringComparer.Ordinal);
        var newestFirst = _user.AsEnumerable().Reverse().Concat(_shipped.AsEnumerable().Reverse()).ToList();
        foreach (var (name, stanza) in Effective("transforms"))
        {
            if (stanza["filename"] is not { } filename)
            {
                if ((stanza["external_type"] ?? stanza["collection"]) is { } other)
                {
                    _problems.Add(new KnowledgeProblem(other.Origin, other.Line, $"lookup [{name}] is a {other.Key} lookup, which Vigil does not run; only CSV file lookups are supported"));
                }

                continue;
            }

            // The table lies in the lookups/ folder of the add-on that names it, else of any add-on (newest first).
            var fileName = Path.GetFileName(filename.Value.Replace('\\', '/'));
            var owner = newestFirst.FirstOrDefault(a => filename.Origin.StartsWith(a.Files.Describe(string.Empty), StringComparison.Ordinal) && a.LookupFiles.ContainsKey(fileName))
                ?? newestFirst.FirstOrDefault(a => a.LookupFiles.ContainsKey(fileName));
            if (owner is null)
            {
                _problems.Add(new KnowledgeProblem(filename.Origin, filename.Line, $"lookup [{name}] names {fileName}, which no add-on's lookups/ folder has"));
                continue;
            }

            if (stanza["filter"] is { Value.Length: > 0 } filter)
            {
                _problems.Add(new KnowledgeProblem(filter.Origin, filter.Line, $"lookup [{name}] has a filter, which Vigil does not apply; the lookup is left out rather than run unfiltered"));
                continue;
            }

            if (stanza["time_field"] is { Value.Length: > 0 } timeField)
            {
                _problems.Add(new KnowledgeProblem(timeField.Origin, timeField.Line, $"lookup [{name}] is time-based (time_field), which Vigil does not run"));
                continue;
            }

            var relative = owner.LookupFiles[fileName];
            lookups[name] = new LookupDefinition(name, owner.Files.Describe(relative), () => owner.Files.Open(relative))
            {
                MatchTypes = MatchTypes(stanza),
                CaseSensitive = ConfBoolean.Read(stanza, "case_sensitive_match", true, _problems.Add),
                MaxMatches = Number(stanza, "max_matches", 100),
                MinMatches = Number(stanza, "min_matches", 0),
                DefaultMatch = stanza.Value("default_match"),
            };
        }

        return lookups;
    }

    private Dictionary<string, LookupMatchType> MatchTypes(ConfStanza stanza)
    {
        var types = new Dictionary<string, LookupMatchType>(StringComparer.Ordinal);
        if (stanza["match_type"] is not { } setting)
        {
            return types;
        }

        foreach (var item in setting.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var open = item.IndexOf('(', StringComparison.Ordinal);
            if (open <= 0 || !item.EndsWith(')'))
            {
                _problems.Add(new KnowledgeProblem(setting.Origin, setting.Line, $"match_type item '{item}' is not TYPE(field)"));
                continue;
            }

            var field = item[(open + 1)..^1].Trim();
            switch (item[..open].Trim().ToUpperInvariant())
            {
                case "WILDCARD":
                    types[field] = LookupMatchType.Wildcard;
                    break;
                case "CIDR":
                    types[field] = LookupMatchType.Cidr;
                    break;
                case "EXACT":
                    break;
                default:
                    _problems.Add(new KnowledgeProblem(setting.Origin, setting.Line, $"match_type '{item[..open]}' is not WILDCARD, CIDR or EXACT"));
                    break;
            }
        }

        return types;
    }

    private int Number(ConfStanza stanza, string key, int defaultValue)
    {
        if (stanza[key] is not { } setting)
        {
            return defaultValue;
        }

        if (int.TryParse(setting.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        _problems.Add(new KnowledgeProblem(setting.Origin, setting.Line, $"{key} must be a whole number, not '{setting.Value}'"));
        return defaultValue;
    }

    /// <summary>Settings Vigil reads at search time, ignores knowingly (index time, display), or reports once as unsupported.</summary>
    private void ReportUnsupportedSettings(IEnumerable<PropsStanza> stanzas)
    {
        foreach (var stanza in stanzas)
        {
            foreach (var setting in stanza.Settings.Settings)
            {
                if (FieldPlanCompiler.TrySplitKey(setting.Key, out _, out _) || PropsSettings.IsIgnored(setting.Key))
                {
                    continue;
                }

                if (setting.Key == "rename")
                {
                    Report(new KnowledgeProblem(setting.Origin, setting.Line, $"rename = {setting.Value} is ignored: Vigil's events keep the sourcetype their reader or input gives them"));
                    continue;
                }

                if (setting.Key == "KV_MODE")
                {
                    if (setting.Value is not ("none" or "xml" or "json"))
                    {
                        Report(new KnowledgeProblem(setting.Origin, setting.Line, $"KV_MODE = {setting.Value} is not supported: Vigil reads Windows events structurally and extracts no key=value pairs from their text"));
                    }

                    continue;
                }

                Report(new KnowledgeProblem(setting.Origin, setting.Line, $"props.conf setting '{setting.Key}' is not supported at search time by Vigil; it is ignored"));
            }
        }
    }
}
