using System.Globalization;
using Vigil.Content;
using Vigil.Spl.Lookups;

namespace Vigil.Authoring.SplunkApp;

/// <summary>transforms.conf for a lookup shipped in the app's lookups/: its file and how it matches.</summary>
public static class LookupStanzas
{
    public static ConfStanzaText For(LookupDefinition lookup)
    {
        var settings = new List<KeyValuePair<string, string>>
        {
            new("filename", Path.GetFileName(lookup.Origin)),
            new("case_sensitive_match", lookup.CaseSensitive ? "true" : "false"),
        };
        if (lookup.MatchTypes.Count > 0)
        {
            settings.Add(new("match_type", string.Join(", ", lookup.MatchTypes.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Value.ToString().ToUpperInvariant()}({m.Key})"))));
        }

        settings.Add(new("max_matches", lookup.MaxMatches.ToString(CultureInfo.InvariantCulture)));
        if (lookup.MinMatches > 0)
        {
            settings.Add(new("min_matches", lookup.MinMatches.ToString(CultureInfo.InvariantCulture)));
        }

        if (lookup.DefaultMatch is { } defaultMatch)
        {
            settings.Add(new("default_match", defaultMatch));
        }

        return new ConfStanzaText(lookup.Name, settings);
    }

    /// <summary>
    /// transforms.conf for a KV store lookup (external_type kvstore, its collection and fields), and the collection it
    /// needs declared in collections.conf; Splunk creates the collection empty, and the searches that fill it (ESCU's
    /// baselines) run in Splunk.
    /// </summary>
    public static ConfStanzaText For(KvStoreLookup lookup)
    {
        var settings = new List<KeyValuePair<string, string>>
        {
            new("external_type", "kvstore"),
            new("collection", lookup.Collection),
        };
        if (lookup.FieldsList is { Length: > 0 } fields)
        {
            settings.Add(new("fields_list", fields));
        }

        return new ConfStanzaText(lookup.Name, settings);
    }

    public static ConfStanzaText Collection(KvStoreLookup lookup) => new(lookup.Collection, []);
}
