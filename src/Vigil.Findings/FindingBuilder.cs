using System.Text;
using Vigil.Content.Model;
using Vigil.Events.Model;
using Vigil.Spl.Values;

namespace Vigil.Findings;

/// <summary>
/// Turns result rows into findings as Splunk's risk action would: one risk entry per risk-object field value
/// present in the row (a multivalue field gives one per value), and the message with its $field$ tokens filled. As in
/// Enterprise Security, a row whose risk-object fields are all empty raises no risk and makes no finding (it stays in
/// the detection's result table): <c>stats count</c> without <c>by</c> over no events is such a row.
/// </summary>
public static class FindingBuilder
{
    /// <summary>The finding a result row makes, or null when the detection has risk objects and the row fills none.</summary>
    public static Finding? TryBuild(Detection detection, IReadOnlyList<string> columns, Row row)
    {
        var finding = Build(detection, columns, row);
        return detection.RiskObjects.Count > 0 && finding.Risk.Count == 0 ? null : finding;
    }

    public static Finding Build(Detection detection, IReadOnlyList<string> columns, Row row)
    {
        var risk = new List<RiskEntry>();
        foreach (var spec in detection.RiskObjects)
        {
            foreach (var value in row[spec.Field].Values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal))
            {
                risk.Add(new RiskEntry(value, spec.Type, spec.Score));
            }
        }

        var threats = new List<ThreatEntry>();
        foreach (var spec in detection.ThreatObjects)
        {
            foreach (var value in row[spec.Field].Values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal))
            {
                threats.Add(new ThreatEntry(value, spec.Type));
            }
        }

        var message = detection.RiskMessage is null ? null : FillTokens(detection.RiskMessage, row);
        var evidence = row.Evidence?.Kept.OfType<EventReference>().ToList() ?? [];
        return new Finding(detection, columns, row, risk, threats, message)
        {
            Id = FindingIdentity.Of(detection, columns, row, evidence),
            Evidence = evidence,
            EvidenceTotal = row.Evidence?.Total ?? 0,
            Time = row.Evidence?.Latest,
            FirstTime = row.Evidence?.Earliest,
        };
    }

    /// <summary>Replaces each $field$ with the row's value (multivalues joined by ", "); a missing field leaves it empty.</summary>
    public static string FillTokens(string template, Row row)
    {
        var builder = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('$', i);
            var close = open < 0 ? -1 : template.IndexOf('$', open + 1);
            if (open < 0 || close < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            var name = template[(open + 1)..close];
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                // Not a token: keep the first '$' and look again from the second.
                builder.Append(template, i, close - i);
                i = close;
                continue;
            }

            builder.Append(template, i, open - i);
            builder.Append(string.Join(", ", row[name].Values));
            i = close + 1;
        }

        return builder.ToString();
    }
}
