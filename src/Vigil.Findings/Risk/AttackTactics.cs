using Vigil.Spl.Lookups;

namespace Vigil.Findings.Risk;

/// <summary>
/// MITRE ATT&amp;CK (Enterprise) techniques to the tactics they serve, as Enterprise Security annotates risk events
/// (<c>annotations.mitre_attack.mitre_tactic</c>): from content/attack/technique_tactics.csv (see its README).
/// </summary>
public sealed class AttackTactics
{
    private static readonly Lazy<AttackTactics> LazyShipped = new(LoadShipped);
    private readonly Dictionary<string, IReadOnlyList<string>> _byTechnique;

    private AttackTactics(Dictionary<string, IReadOnlyList<string>> byTechnique) => _byTechnique = byTechnique;

    public static AttackTactics Shipped => LazyShipped.Value;

    public int Count => _byTechnique.Count;

    /// <summary>The tactics of a technique id (T1505.004), in kill-chain order; empty when the table lacks it.</summary>
    public IReadOnlyList<string> Of(string techniqueId) =>
        _byTechnique.TryGetValue(techniqueId.Trim(), out var tactics) ? tactics : [];

    /// <summary>The tactics of several techniques, each once, in the order first met.</summary>
    public IReadOnlyList<string> Of(IEnumerable<string> techniqueIds) =>
        techniqueIds.SelectMany(Of).Distinct(StringComparer.Ordinal).ToList();

    private static AttackTactics LoadShipped()
    {
        var byTechnique = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        using var stream = typeof(AttackTactics).Assembly.GetManifestResourceStream("attack/technique_tactics.csv");
        if (stream is null)
        {
            return new AttackTactics(byTechnique);
        }

        using var reader = new StreamReader(stream);
        foreach (var (_, row) in CsvText.Records(reader).Skip(1))
        {
            if (row.Length >= 3 && row[0].Length > 0)
            {
                byTechnique[row[0]] = row[2].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        return new AttackTactics(byTechnique);
    }
}
