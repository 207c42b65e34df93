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

    /// <summary>An index of the alternatives by the field most of them require values of; null when too few do.</summary>
    public static OrIndex? For(IReadOnlyList<SearchExpression> alternatives)
    {
        if (alternatives.Count < MinimumIndexed)
        {
            return null;
        }

        var required = alternatives.Select(RowRequirement.FieldsRequired).ToList();
        var field = required.SelectMany(fields => fields)
            .GroupBy(name => name, StringComparer.Ordinal)
            .Select(group => (Name: group.Key, Count: group.Count()))
            .OrderByDescending(candidate => candidate.Count)
            .ThenBy(candidate => candidate.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (field.Count < MinimumIndexed)
        {
            return null;
        }

        var byValue = new Dictionary<string, List<SearchExpression>>(StringComparer.OrdinalIgnoreCase);
        var always = new List<SearchExpression>();
        foreach (var alternative in alternatives)
        {
            if (RowRequirement.ValuesOn(alternative, field.Name) is not { } values)
            {
                always.Add(alternative);
                continue;
            }

            foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                (byValue.TryGetValue(value, out var list) ? list : byValue[value] = []).Add(alternative);
            }
        }

        return new OrIndex(
            new FieldKey(field.Name),
            byValue.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.OrdinalIgnoreCase),
            [.. always]);
    }

    public bool Matches(Row row)
    {
        foreach (var alternative in _always)
        {
            if (alternative.Matches(row))
            {
                return true;
            }
        }

        return row[_field].AnyText((Index: this, Row: row), static (state, text) =>
            state.Index._byValue.TryGetValue(text, out var alternatives) && AnyMatches(alternatives, state.Row));
    }

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
