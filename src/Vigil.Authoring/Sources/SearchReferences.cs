using System.Text.RegularExpressions;
using Vigil.Spl.Definitions;

namespace Vigil.Authoring.Sources;

/// <summary>
/// What a search refers to by name: the macros it calls (and those their definitions call), and the lookups its
/// <c>lookup</c>, <c>inputlookup</c> and <c>outputlookup</c> commands name. A Splunk app must carry both.
/// </summary>
public static partial class SearchReferences
{
    /// <summary>Macro calls, outermost first, as written: name and argument count (the key Splunk files them under).</summary>
    public static IReadOnlyList<(string Name, int ArgumentCount)> MacroCalls(string search)
    {
        var calls = new List<(string, int)>();
        foreach (Match match in MacroCall().Matches(search))
        {
            var name = match.Groups["name"].Value;
            var arguments = match.Groups["args"].Success ? CountArguments(match.Groups["args"].Value) : 0;
            calls.Add((name, arguments));
        }

        return calls;
    }

    /// <summary>The defined macros a search uses, directly or through other macros, in first-use order.</summary>
    public static IReadOnlyList<MacroDefinition> MacrosUsed(string search, SplDefinitions definitions)
    {
        var used = new List<MacroDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([search]);
        while (pending.TryDequeue(out var text))
        {
            foreach (var (name, count) in MacroCalls(text))
            {
                var key = MacroDefinition.KeyFor(name, count);
                if (seen.Add(key) && definitions.Macros.TryGetValue(key, out var macro))
                {
                    used.Add(macro);
                    pending.Enqueue(macro.Definition);
                }
            }
        }

        return used;
    }

    /// <summary>Lookup names a (macro-expanded) search's lookup commands name, in order, each once.</summary>
    public static IReadOnlyList<string> LookupsNamed(string expandedSearch) =>
        LookupCommand().Matches(expandedSearch).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal).ToList();

    private static int CountArguments(string arguments)
    {
        if (arguments.Trim().Length == 0)
        {
            return 0;
        }

        var count = 1;
        var quoted = false;
        var depth = 0;
        foreach (var c in arguments)
        {
            switch (c)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    depth++;
                    break;
                case ')' when !quoted:
                    depth--;
                    break;
                case ',' when !quoted && depth == 0:
                    count++;
                    break;
            }
        }

        return count;
    }

    [GeneratedRegex(@"`(?<name>[A-Za-z0-9_\-.:]+)(?:\((?<args>[^`]*)\))?`")]
    private static partial Regex MacroCall();

    // Options (local=true, append=t ...) may stand between the command and the lookup's name.
    [GeneratedRegex(@"(?:^|\|)\s*(?:lookup|inputlookup|outputlookup)\s+(?:[A-Za-z_]+\s*=\s*\S+\s+)*(?<name>[A-Za-z0-9_\-.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex LookupCommand();
}
