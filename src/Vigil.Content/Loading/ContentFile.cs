using Vigil.Content.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Content.Loading;

/// <summary>
/// What one content YAML file defines, read apart from any library: reading is most of the loading, runs on any thread
/// and depends on the file's text alone, so its result is what the content cache keeps. The library adds the entries in
/// order, then the failure if reading stopped part-way (entries read before it still count, as they always have).
/// Origins are not kept here: the library gives entries the path it found the file under.
/// </summary>
internal sealed record ContentFile(IReadOnlyList<ContentEntry> Entries, ContentFailure? Failure)
{
    public static ContentFile Read(string text)
    {
        var entries = new List<ContentEntry>();
        try
        {
            foreach (var document in YamlText.Load(text).Documents)
            {
                switch (document.RootNode)
                {
                    case YamlMappingNode map:
                        entries.Add(ReadEntry(map));
                        break;
                    case YamlSequenceNode list:
                        foreach (var item in list.Children.OfType<YamlMappingNode>())
                        {
                            entries.Add(ReadEntry(item));
                        }

                        break;
                }
            }
        }
        catch (YamlException e)
        {
            return new ContentFile(entries, new ContentFailure(e.Start.Line > 0 ? e.Start.Line : null, "invalid YAML: " + (e.InnerException?.Message ?? e.Message)));
        }
        catch (InvalidDataException e)
        {
            return new ContentFile(entries, new ContentFailure(null, e.Message));
        }

        return new ContentFile(entries, null);
    }

    private static ContentEntry ReadEntry(YamlMappingNode map)
    {
        if (map.Text("search") is not null && map.Text("id") is not null && map.Text("name") is not null)
        {
            return new DetectionEntry(DetectionReader.Read(map, origin: string.Empty));
        }

        if (map.Text("definition") is { } definition && map.Text("name") is { } macroName)
        {
            if (map.Text("iseval") is "1" or "true")
            {
                throw new InvalidDataException($"macro '{macroName}' is an eval macro (iseval), which Vigil does not support");
            }

            return new MacroEntry(macroName, map.Strings("arguments"), definition);
        }

        if (map.Text("name") is { } lookupName && (map.Text("filename") is not null || map.Text("collection") is not null) && map.Text("search") is null)
        {
            return new LookupEntry(
                lookupName,
                map.Text("filename"),
                map.Text("collection"),
                map.Text("fields_list"),
                map.Text("match_type"),
                map.Text("case_sensitive_match"),
                map.Text("max_matches"),
                map.Text("min_matches"),
                map.Text("default_match"));
        }

        if (map.Text("sourcetype") is not null && map.Text("name") is { } dataSourceName)
        {
            return new DataSourceEntry(dataSourceName);
        }

        if (map.Text("narrative") is not null && map.Text("name") is { } storyName)
        {
            return new StoryEntry(new Story(storyName, map.Text("id") ?? string.Empty, map.Text("description"), map.Text("narrative"), Origin: string.Empty));
        }

        return new IgnoredEntry();
    }
}

/// <summary>Why reading a content file stopped, with the line when the YAML parser knew it.</summary>
internal sealed record ContentFailure(long? Line, string Reason);

/// <summary>One thing a content file defines.</summary>
internal abstract record ContentEntry;

internal sealed record DetectionEntry(Detection Detection) : ContentEntry;

internal sealed record MacroEntry(string Name, IReadOnlyList<string> Arguments, string Definition) : ContentEntry;

/// <summary>An ESCU lookup definition's keys as written; the library checks its table and makes the definition.</summary>
internal sealed record LookupEntry(
    string Name,
    string? FileName,
    string? Collection,
    string? FieldsList,
    string? MatchType,
    string? CaseSensitiveMatch,
    string? MaxMatches,
    string? MinMatches,
    string? DefaultMatch) : ContentEntry;

internal sealed record DataSourceEntry(string Name) : ContentEntry;

internal sealed record StoryEntry(Story Story) : ContentEntry;

/// <summary>A YAML mapping that is none of the above (ESCU's deployments, baselines ...).</summary>
internal sealed record IgnoredEntry : ContentEntry;
