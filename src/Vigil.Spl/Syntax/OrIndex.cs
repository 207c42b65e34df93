using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>
/// The alternatives of a long OR indexed by the values they require of one field (<see cref="RowRequirement"/>), so a
/// row is tested only against the alternatives its value of that field can meet, and those that require nothing of
/// it. Event types and tags expand to ORs of many <c>source=... EventCode=...</c> alternatives, tested on every event
/// a data model constraint or a search sees: one lookup of the event code instead of every alternative in turn. The
/// result is the OR's: an alternative left untested cannot match.
/// </summary>
internal sealed class OrIndex
{
    // Fewer alternatives are tested one by one faster than the field is read and looked up.
    private const int MinimumIndexed = 3;

    private readonly FieldKey _field;
    private readonly Dictionary<string, SearchExpression[]> _byValue;
    private readonly SearchExpression[] _always;

    private OrIndex(FieldKey field, Dictionary<string, SearchExpression[]> byValue, SearchExpression[] always)
    {
        _field = field;
        _byValue = byValue;
        _always = always;
    }

    /// <summary>
    /// An index of the alternatives by the field that leaves the fewest to test for a row (those requiring nothing of
    /// it, and those under one of its values); null when fewer than three require values of any one field.
    /// </summary>
    public static OrIndex? For(IReadOnlyList<SearchExpression> alternatives)
    {
        if (alternatives.Count < MinimumIndexed)
        {
            return null;
        }

        (string Field, List<IReadOnlyList<string>?> Values, double Tested)? best = null;
        foreach (var field in alternatives.SelectMany(a => a.FieldsRead()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var values = alternatives.Select(a => RowRequirement.ValuesOn(a, field)).ToList();
            var always = values.Count(v => v is null);
            if (alternatives.Count - always < MinimumIndexed)
            {
                continue;
            }

            var entries = values.Sum(v => v?.Count ?? 0);
            var distinct = values.OfType<IReadOnlyList<string>>().SelectMany(v => v).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            var tested = always + ((double)entries / Math.Max(1, distinct));
            if (best is null || tested < best.Value.Tested)
            {
                best = (field, values, tested);
            }
        }

        if (best is not { } chosen)
        {
            return null;
        }

        var byValue = new Dictionary<string, List<SearchExpression>>(StringComparer.OrdinalIgnoreCase);
        var alwaysTested = new List<SearchExpression>();
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (chosen.Values[i] is not { } values)
            {
                alwaysTested.Add(alternatives[i]);
                continue;
            }

            foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                (byValue.TryGetValue(value, out var list) ? list : byValue[value] = []).Add(alternatives[i]);
            }
        }

        return new OrIndex(
            new FieldKey(chosen.Field),
            byValue.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            [.. alwaysTested]);
    }

    public bool Matches(Row row) =>
        AnyMatches(_always, row)
        || row[_field].AnyText((Index: this, Row: row), static (state, text) =>
            state.Index._byValue.TryGetValue(text, out var alternatives) && AnyMatches(alternatives, state.Row));

    private static bool AnyMatches(SearchExpression[] alternatives, Row row)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.Matches(row))
            {
                return true;
            }
        }

        return false;
    }
}
