using Vigil.Authoring.Sources;
using Vigil.Content;
using Vigil.Content.Model;
using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;

namespace Vigil.Authoring.SplunkApp;

/// <summary>What a build wrote, and what it could not.</summary>
public sealed record AppBuildResult(string Directory, int Detections, int Macros, int Lookups, int Stories, IReadOnlyList<string> Problems);

/// <summary>
/// Builds a Splunk app from the loaded content, as contentctl build does: default/app.conf, savedsearches.conf (a
/// stanza per detection), macros.conf (every macro the detections use, and their filter macros), analyticstories.conf,
/// transforms.conf with lookups/ (the content's CSV lookups the searches name), and metadata/default.meta.
/// </summary>
public static class SplunkAppBuilder
{
    private static readonly string[] BuiltTypes = ["TTP", "Anomaly", "Hunting", "Correlation"];

    public static AppBuildResult Build(ContentLibrary library, string directory, AppIdentity identity)
    {
        var sources = new ContentSources();
        var problems = new List<string>();
        var savedSearches = new List<ConfStanzaText>();
        var storyEntries = new List<ConfStanzaText>();
        var built = new List<Detection>();
        foreach (var detection in library.Detections)
        {
            if (!BuiltTypes.Contains(detection.Type, StringComparer.Ordinal))
            {
                problems.Add($"{detection.Name}: type '{detection.Type}' is none of {string.Join(", ", BuiltTypes)}; not built");
                continue;
            }

            var yaml = sources.Find(detection.Origin, detection.Name);
            var stanza = SavedSearchStanza.Build(detection, yaml);
            if (Unwritable(stanza) is { } why)
            {
                problems.Add($"{detection.Name}: {why}; not built");
                continue;
            }

            savedSearches.Add(stanza);
            storyEntries.Add(AnalyticStoriesStanzas.Detection(detection, yaml));
            built.Add(detection);
        }

        foreach (var story in library.Stories.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var members = built.Where(d => d.AnalyticStories.Contains(story.Name, StringComparer.Ordinal));
            storyEntries.Add(AnalyticStoriesStanzas.Story(story, sources.Find(story.Origin, story.Name), members));
        }

        var macros = Macros(built, library.Definitions, sources);
        var (lookups, kvStore) = Lookups(built, library, problems);

        var defaults = Path.Combine(directory, "default");
        System.IO.Directory.CreateDirectory(defaults);
        Write(Path.Combine(defaults, "app.conf"), identity.AppConf(), "Splunk app configuration file", problems);
        Write(Path.Combine(defaults, "savedsearches.conf"), savedSearches, "ESCU detections", problems);
        Write(Path.Combine(defaults, "macros.conf"), macros, "macros the detections use", problems);
        Write(Path.Combine(defaults, "analyticstories.conf"), storyEntries, "detections and analytic stories", problems);
        if (kvStore.Count > 0)
        {
            Write(Path.Combine(defaults, "collections.conf"), kvStore.Select(LookupStanzas.Collection).DistinctBy(s => s.Name), "KV store collections the lookups use", problems);
        }

        if (lookups.Count > 0 || kvStore.Count > 0)
        {
            Write(Path.Combine(defaults, "transforms.conf"), lookups.Select(LookupStanzas.For).Concat(kvStore.Select(LookupStanzas.For)), "lookups: CSV tables shipped in lookups/ and KV store collections", problems);
            var lookupDirectory = Path.Combine(directory, "lookups");
            System.IO.Directory.CreateDirectory(lookupDirectory);
            foreach (var lookup in lookups)
            {
                File.Copy(lookup.Origin, Path.Combine(lookupDirectory, Path.GetFileName(lookup.Origin)), overwrite: true);
            }
        }

        var metadata = Path.Combine(directory, "metadata");
        System.IO.Directory.CreateDirectory(metadata);
        Write(Path.Combine(metadata, "default.meta"), AppIdentity.DefaultMeta(), "permissions", problems);
        return new AppBuildResult(directory, built.Count, macros.Count, lookups.Count + kvStore.Count, library.Stories.Count, problems);
    }

    /// <summary>The macros the built searches call, directly or through other macros (not those of Vigil's own add-ons, which Splunk's add-ons define), and a generated filter macro for each detection whose filter macro nothing defines.</summary>
    private static List<ConfStanzaText> Macros(List<Detection> detections, SplDefinitions definitions, ContentSources sources)
    {
        var stanzas = new Dictionary<string, ConfStanzaText>(StringComparer.Ordinal);
        foreach (var detection in detections)
        {
            foreach (var macro in SearchReferences.MacrosUsed(detection.Search, definitions))
            {
                if (macro.Origin?.StartsWith("shipped:knowledge/", StringComparison.Ordinal) != true)
                {
                    stanzas.TryAdd(macro.Key, MacroStanzas.For(macro, sources));
                }
            }

            if (!definitions.Macros.ContainsKey(detection.FilterMacroName))
            {
                stanzas.TryAdd(detection.FilterMacroName, MacroStanzas.GeneratedFilter(detection.FilterMacroName));
            }
        }

        return stanzas.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The content's lookups the built searches name: CSV tables, and KV store collections; a named content lookup that
    /// is neither is a problem.
    /// </summary>
    private static (List<Spl.Lookups.LookupDefinition> Tables, List<KvStoreLookup> KvStore) Lookups(List<Detection> detections, ContentLibrary library, List<string> problems)
    {
        var lookups = new SortedDictionary<string, Spl.Lookups.LookupDefinition>(StringComparer.Ordinal);
        var kvStore = new SortedDictionary<string, KvStoreLookup>(StringComparer.Ordinal);
        foreach (var detection in detections)
        {
            var (expanded, _) = MacroExpander.ExpandCollecting(detection.Search, library.Definitions);
            foreach (var name in SearchReferences.LookupsNamed(expanded).Where(library.LookupNames.Contains))
            {
                if (library.Definitions.Lookups.TryGetValue(name, out var lookup) && File.Exists(lookup.Origin))
                {
                    lookups.TryAdd(name, lookup);
                }
                else if (library.KvStoreLookups.TryGetValue(name, out var collection))
                {
                    kvStore.TryAdd(name, collection);
                }
                else if (library.UnavailableLookups.TryGetValue(name, out var why) && !problems.Any(p => p.StartsWith($"lookup '{name}'", StringComparison.Ordinal)))
                {
                    problems.Add($"lookup '{name}' (used by {detection.Name}) is {why}; not written");
                }
            }
        }

        return ([.. lookups.Values], [.. kvStore.Values]);
    }

    private static string? Unwritable(ConfStanzaText stanza)
    {
        try
        {
            ConfWriter.Write([stanza]);
            return null;
        }
        catch (ConfValueException e)
        {
            return e.Message;
        }
    }

    private static void Write(string path, IEnumerable<ConfStanzaText> stanzas, string header, List<string> problems)
    {
        try
        {
            File.WriteAllText(path, ConfWriter.Write(stanzas, header));
        }
        catch (ConfValueException e)
        {
            problems.Add($"{Path.GetFileName(path)}: {e.Message}; not written");
        }
    }
}
