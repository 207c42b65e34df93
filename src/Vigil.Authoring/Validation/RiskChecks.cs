using System.Text.RegularExpressions;

namespace Vigil.Authoring.Validation;

/// <summary>
/// Risk: each <c>$token$</c> of the risk message and each risk and threat object field must be a field of the
/// search's results (VAL020, VAL021), checked against the compiled pipeline's result columns; when the engine cannot
/// know them (raw events, a search it does not run) the fields are reported unchecked (VAL022) rather than guessed. A
/// production TTP or Anomaly detection, which ESCU deploys with the risk action, must name a risk object (VAL023).
/// </summary>
public static partial class RiskChecks
{
    public static IEnumerable<ValidationDiagnostic> Check(DetectionContext context)
    {
        var detection = context.Detection;
        var messagePath = detection.Shape == Content.Model.DetectionShape.RbaV5 ? "rba.message" : "tags.message";
        var riskPath = detection.Shape == Content.Model.DetectionShape.RbaV5 ? "rba.risk_objects" : "tags.observable";
        if (detection.Status == "production" && detection.Type is "TTP" or "Anomaly" && detection.RiskObjects.Count == 0)
        {
            yield return context.Error(ValidationCodes.NoRiskObject, riskPath, $"a production {detection.Type} detection needs a risk object", "production risk-based detection without a risk object");
        }

        var tokens = detection.RiskMessage is { } message ? Tokens(message) : [];
        var fields = detection.RiskObjects.Select(r => r.Field).Concat(detection.ThreatObjects.Select(t => t.Field)).Distinct(StringComparer.Ordinal).ToList();
        if (tokens.Count == 0 && fields.Count == 0)
        {
            yield break;
        }

        if (context.Compiled?.Pipeline.Columns is not { } columns)
        {
            var why = context.Compiled is null ? "Vigil does not run the search" : "the search returns raw events, whose fields depend on the data";
            yield return context.Info(ValidationCodes.RiskFieldsUnchecked, messagePath, $"risk fields unchecked: {why}", "risk fields unchecked");
            yield break;
        }

        var yielded = columns.ToHashSet(StringComparer.Ordinal);
        foreach (var token in tokens.Where(t => !yielded.Contains(t)))
        {
            yield return context.Error(ValidationCodes.RiskMessageToken, messagePath, $"risk message token ${token}$ is not a field of the results ({string.Join(", ", columns)})", "risk message token not a result field");
        }

        foreach (var field in fields.Where(f => !yielded.Contains(f)))
        {
            yield return context.Error(ValidationCodes.RiskFieldNotYielded, riskPath, $"risk or threat object field '{field}' is not a field of the results ({string.Join(", ", columns)})", "risk or threat object field not a result field");
        }
    }

    public static IReadOnlyList<string> Tokens(string message) =>
        Token().Matches(message).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"\$([^$\s]+)\$")]
    private static partial Regex Token();
}
