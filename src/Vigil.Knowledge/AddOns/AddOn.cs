using Vigil.Knowledge.Conf;
using Vigil.Knowledge.DataModels;
using Vigil.Spl.DataModels;

namespace Vigil.Knowledge.AddOns;

/// <summary>
/// One add-on as Splunk lays it out: default/ then local/ (local overriding setting by setting) props.conf,
/// transforms.conf, eventtypes.conf, tags.conf and macros.conf; lookups/*.csv; default/data/models/*.json.
/// </summary>
internal sealed class AddOn
{
    private static readonly string[] ConfNames = ["props", "transforms", "eventtypes", "tags", "macros"];

    private AddOn(AddOnFiles files) => Files = files;

    public AddOnFiles Files { get; }

    public string Name => Files.Name;

    /// <summary>Each .conf file's stanzas by name (props, transforms, eventtypes, tags, macros), local merged over default.</summary>
    public Dictionary<string, Dictionary<string, ConfStanza>> Conf { get; } = new(StringComparer.Ordinal);

    /// <summary>Lookup table files by file name, as relative paths in the add-on.</summary>
    public Dictionary<string, string> LookupFiles { get; } = new(StringComparer.Ordinal);

    public List<DataModel> DataModels { get; } = [];

    public IReadOnlyDictionary<string, ConfStanza> Stanzas(string confName) =>
        Conf.TryGetValue(confName, out var stanzas) ? stanzas : new Dictionary<string, ConfStanza>();

    public static AddOn Read(AddOnFiles files, List<KnowledgeProblem> problems)
    {
        var addOn = new AddOn(files);
        var paths = files.List().ToList();
        foreach (var conf in ConfNames)
        {
            var merged = new Dictionary<string, ConfStanza>(StringComparer.Ordinal);
            foreach (var layer in new[] { "default", "local" })
            {
                var path = $"{layer}/{conf}.conf";
                if (!paths.Contains(path))
                {
                    continue;
                }

                List<ConfStanza> stanzas;
                using (var reader = files.Open(path))
                {
                    stanzas = ConfFile.Parse(reader, files.Describe(path), problems);
                }

                foreach (var stanza in stanzas)
                {
                    if (!merged.TryGetValue(stanza.Name, out var target))
                    {
                        merged[stanza.Name] = stanza;
                        continue;
                    }

                    foreach (var setting in stanza.Settings)
                    {
                        target.Set(setting);
                    }
                }
            }

            if (merged.Count > 0)
            {
                addOn.Conf[conf] = merged;
            }
        }

        foreach (var path in paths)
        {
            if (path.StartsWith("lookups/", StringComparison.Ordinal) && (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
            {
                addOn.LookupFiles[path["lookups/".Length..]] = path;
            }
            else if ((path.StartsWith("default/data/models/", StringComparison.Ordinal) || path.StartsWith("local/data/models/", StringComparison.Ordinal))
                && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var reader = files.Open(path);
                if (DataModelJson.Read(reader, files.Describe(path), problems) is { } model)
                {
                    addOn.DataModels.RemoveAll(m => m.Name == model.Name);
                    addOn.DataModels.Add(model);
                }
            }
        }

        return addOn;
    }
}
