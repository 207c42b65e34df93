using System.Globalization;
using Vigil.Spl.Definitions;

namespace Vigil.Knowledge.Conf;

/// <summary>
/// Reads eventtypes.conf: <c>[name]</c> stanzas with <c>search</c>, <c>priority</c> (1 highest, 10 lowest),
/// <c>disabled</c> and the deprecated <c>tags</c> (still honoured, as Splunk does).
/// </summary>
public static class EventTypesConf
{
    public static List<(EventTypeDefinition Type, IReadOnlyList<string> Tags, bool Disabled)> Read(IEnumerable<ConfStanza> stanzas, List<KnowledgeProblem> problems)
    {
        var result = new List<(EventTypeDefinition, IReadOnlyList<string>, bool)>();
        foreach (var stanza in stanzas.Where(s => s.Name != ConfFile.DefaultStanza))
        {
            var disabled = ConfBoolean.Read(stanza, "disabled", false, problems.Add);
            if (stanza["search"] is not { } search)
            {
                if (!disabled)
                {
                    problems.Add(new KnowledgeProblem(stanza.Origin, stanza.Line, $"event type [{stanza.Name}] has no search"));
                }

                continue;
            }

            if (stanza.Name.Contains('%', StringComparison.Ordinal))
            {
                problems.Add(new KnowledgeProblem(stanza.Origin, stanza.Line, $"event type [{stanza.Name}] uses %field% in its name, which Vigil does not support; it is skipped"));
                continue;
            }

            int? priority = null;
            if (stanza["priority"] is { } prioritySetting)
            {
                if (int.TryParse(prioritySetting.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                {
                    priority = value;
                }
                else
                {
                    problems.Add(new KnowledgeProblem(prioritySetting.Origin, prioritySetting.Line, $"priority must be a whole number, not '{prioritySetting.Value}'"));
                }
            }

            var tags = stanza.Value("tags") is { } tagList ? tagList.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries) : [];
            result.Add((new EventTypeDefinition(stanza.Name, search.Value, search.Location, priority), tags, disabled));
        }

        return result;
    }
}
