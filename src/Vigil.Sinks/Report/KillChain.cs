namespace Vigil.Sinks.Report;

/// <summary>The 14 ATT&amp;CK Enterprise tactics in kill-chain order, as content/attack/technique_tactics.csv names them.</summary>
internal static class KillChain
{
    public static readonly IReadOnlyList<Tactic> Tactics =
    [
        new("reconnaissance", "Reconnaissance", "TA0043"),
        new("resource-development", "Resource Development", "TA0042"),
        new("initial-access", "Initial Access", "TA0001"),
        new("execution", "Execution", "TA0002"),
        new("persistence", "Persistence", "TA0003"),
        new("privilege-escalation", "Privilege Escalation", "TA0004"),
        new("defense-evasion", "Defense Evasion", "TA0005"),
        new("credential-access", "Credential Access", "TA0006"),
        new("discovery", "Discovery", "TA0007"),
        new("lateral-movement", "Lateral Movement", "TA0008"),
        new("collection", "Collection", "TA0009"),
        new("command-and-control", "Command and Control", "TA0011"),
        new("exfiltration", "Exfiltration", "TA0010"),
        new("impact", "Impact", "TA0040"),
    ];

    private static readonly Dictionary<string, Tactic> ByKey = Tactics.ToDictionary(t => t.ShortName, StringComparer.Ordinal);

    /// <summary>
    /// A tactic's short name from however the data spells it ("Defense Evasion", "defense_evasion" and
    /// "defense-evasion" are one tactic).
    /// </summary>
    public static string Key(string tactic) => tactic.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');

    /// <summary>The tactic's display name, or the value as given when it is none of the 14.</summary>
    public static string DisplayName(string tactic) => ByKey.TryGetValue(Key(tactic), out var known) ? known.Name : tactic;
}

/// <summary>An ATT&amp;CK tactic: its short name (the kill-chain phase name), display name and id.</summary>
internal sealed record Tactic(string ShortName, string Name, string Id);
