using Vigil.Content.Loading;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Authoring.Validation;

/// <summary>
/// Name, id, type, status and date as contentctl constrains them. The name limit comes from ES: a cloned search is
/// named "&lt;security domain&gt; - ESCU - &lt;name&gt; - Rule - Rule" and ES edits no search whose name passes 99
/// characters, so contentctl allows 99 - len("identity -  - Rule") - len("ESCU -  - Rule") = 67.
/// </summary>
public static partial class IdentityChecks
{
    public const int MaxNameLength = 67;

    public static readonly IReadOnlyList<string> Types = ["TTP", "Anomaly", "Hunting", "Correlation"];

    public static readonly IReadOnlyList<string> Statuses = ["production", "experimental", "deprecated", "validation"];

    public static readonly IReadOnlyList<string> SecurityDomains = ["access", "audit", "cloud", "endpoint", "identity", "network", "threat"];

    public static IEnumerable<ValidationDiagnostic> Check(DetectionContext context)
    {
        var detection = context.Detection;
        if (detection.Name.Length > MaxNameLength)
        {
            yield return context.Error(ValidationCodes.NameTooLong, "name", $"name is {detection.Name.Length} characters; contentctl allows {MaxNameLength}", "name longer than 67 characters");
        }

        if (!Guid.TryParseExact(detection.Id, "D", out _))
        {
            yield return context.Error(ValidationCodes.IdNotGuid, "id", $"id '{detection.Id}' is not a GUID (8-4-4-4-12 hex digits)", "id not a GUID");
        }

        if (detection.Type is { } type && !Types.Contains(type, StringComparer.Ordinal))
        {
            yield return context.Error(ValidationCodes.ValueNotAllowed, "type", $"type '{type}' is none of {string.Join(", ", Types)}", "type not allowed");
        }

        if (detection.Status is { } status && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            yield return context.Error(ValidationCodes.ValueNotAllowed, "status", $"status '{status}' is none of {string.Join(", ", Statuses)}", "status not allowed");
        }

        if (detection.Date is { } date && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            yield return context.Error(ValidationCodes.ValueNotAllowed, "date", $"date '{date}' is not YYYY-MM-DD", "date not YYYY-MM-DD");
        }

        foreach (var technique in detection.MitreAttackIds.Where(t => !Technique().IsMatch(t)))
        {
            yield return context.Error(ValidationCodes.MitreIdMalformed, "tags.mitre_attack_id", $"MITRE ATT&CK id '{technique}' is not of the form T1234 or T1234.567", "MITRE ATT&CK id malformed");
        }

        // contentctl tests production detections; one without tests is never tested, which it reports.
        if (detection.Status == "production" && context.Yaml is { } withTests && YamlNodes.Maps(withTests, "tests").Count == 0)
        {
            yield return context.Warning(ValidationCodes.NoTests, "tests", "a production detection without tests is never tested", "production detection without tests");
        }

        if (context.Yaml is { } yaml && YamlNodes.Map(yaml, "tags") is { } tags
            && YamlNodes.Text(tags, "security_domain") is { } domain && !SecurityDomains.Contains(domain, StringComparer.Ordinal))
        {
            yield return context.Error(ValidationCodes.ValueNotAllowed, "tags.security_domain", $"security_domain '{domain}' is none of {string.Join(", ", SecurityDomains)}", "security_domain not allowed");
        }
    }

    [GeneratedRegex(@"^T\d{4}(\.\d{3})?$")]
    private static partial Regex Technique();
}
