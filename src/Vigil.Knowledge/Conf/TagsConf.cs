namespace Vigil.Knowledge.Conf;

/// <summary>One tags.conf line: a field value (URL-decoded from the stanza) and a tag switched on or off.</summary>
public sealed record TagSetting(string Field, string Value, string Tag, bool Enabled);

/// <summary>Reads tags.conf: <c>[field=value]</c> stanzas (the value URL-encoded) with <c>tag = enabled|disabled</c> lines.</summary>
public static class TagsConf
{
    public static List<TagSetting> Read(IEnumerable<ConfStanza> stanzas, List<KnowledgeProblem> problems)
    {
        var result = new List<TagSetting>();
        foreach (var stanza in stanzas.Where(s => s.Name != ConfFile.DefaultStanza))
        {
            var equals = stanza.Name.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add(new KnowledgeProblem(stanza.Origin, stanza.Line, $"tags stanza [{stanza.Name}] is not [field=value]"));
                continue;
            }

            var field = stanza.Name[..equals].Trim();
            var value = Uri.UnescapeDataString(stanza.Name[(equals + 1)..].Trim());
            foreach (var setting in stanza.Settings)
            {
                switch (setting.Value.ToLowerInvariant())
                {
                    case "enabled":
                        result.Add(new TagSetting(field, value, setting.Key, true));
                        break;
                    case "disabled":
                        result.Add(new TagSetting(field, value, setting.Key, false));
                        break;
                    default:
                        problems.Add(new KnowledgeProblem(setting.Origin, setting.Line, $"tag '{setting.Key}' must be enabled or disabled, not '{setting.Value}'"));
                        break;
                }
            }
        }

        return result;
    }
}
