using System.Globalization;
using Vigil.Content.Model;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Testing.Verdicts;

/// <summary>
/// contentctl's pass rule for a detection test: the search returns at least one result; every risk-object field is
/// present and not empty in every result; each threat-object field has a value in at least one result. A value
/// <c>null</c> counts as missing, as contentctl counts it: it is what <c>fillnull_value=null</c> in
/// <c>security_content_summariesonly</c> writes for a field the events lacked. A test that expects no result passes
/// on none.
/// </summary>
public static class PassRule
{
    /// <summary>Vigil's reading of a test that expects nothing: its name says True Negative (contentctl has no such key).</summary>
    public static bool ExpectsNoResult(DetectionTest test) => test.Name.StartsWith("True Negative", StringComparison.OrdinalIgnoreCase);

    public static Verdict Judge(Detection detection, DetectionTest test, SearchResult result)
    {
        var rows = result.Rows;
        if (ExpectsNoResult(test))
        {
            return new Verdict(rows.Count == 0 ? [] : [string.Create(CultureInfo.InvariantCulture, $"expected no result, the search returned {rows.Count}")]);
        }

        if (rows.Count == 0)
        {
            return new Verdict(["the search returned no result"]);
        }

        var problems = new List<string>();
        foreach (var risk in detection.RiskObjects.DistinctBy(r => r.Field))
        {
            var missing = rows.Count(row => !HasValue(row, risk.Field));
            if (missing > 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"risk object field '{risk.Field}' is missing or empty in {missing} of {rows.Count} results"));
            }
        }

        foreach (var threat in detection.ThreatObjects.DistinctBy(t => t.Field))
        {
            if (!rows.Any(row => HasValue(row, threat.Field)))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"threat object field '{threat.Field}' is missing or empty in all {rows.Count} results"));
            }
        }

        return new Verdict(problems);
    }

    private static bool HasValue(Row row, string field) =>
        row.Has(field) && row[field] is { IsNull: false } value && value.Values.Any(v => v.Length > 0 && v != "null");
}
