using Vigil.Spl.Definitions;

namespace Vigil.Knowledge.Conf;

/// <summary>Reads Splunk's macros.conf: <c>[name(N)]</c> stanzas with <c>definition</c> and <c>args</c>.</summary>
public static class MacrosConf
{
    public static List<MacroDefinition> Read(IEnumerable<ConfStanza> stanzas, List<KnowledgeProblem> problems)
    {
        var result = new List<MacroDefinition>();
        foreach (var stanza in stanzas.Where(s => s.Name != ConfFile.DefaultStanza))
        {
            if (stanza["definition"] is not { } definition)
            {
                problems.Add(new KnowledgeProblem(stanza.Origin, stanza.Line, $"macro [{stanza.Name}] has no definition"));
                continue;
            }

            if (stanza["iseval"] is { Value: "1" or "true" } isEval)
            {
                problems.Add(new KnowledgeProblem(isEval.Origin, isEval.Line, $"macro [{stanza.Name}] is an eval macro (iseval), which Vigil does not support"));
                continue;
            }

            var open = stanza.Name.IndexOf('(', StringComparison.Ordinal);
            var name = open >= 0 ? stanza.Name[..open] : stanza.Name;
            var arguments = stanza.Value("args") is { } args
                ? args.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            result.Add(new MacroDefinition(name, arguments, definition.Value, definition.Location));
        }

        return result;
    }
}
