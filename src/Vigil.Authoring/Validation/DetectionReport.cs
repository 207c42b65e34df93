using Vigil.Content.Model;

namespace Vigil.Authoring.Validation;

/// <summary>One detection's validation: where it lives, whether Vigil runs it (and if not, why), and every finding.</summary>
public sealed record DetectionReport(Detection Detection, string File, bool RunsHere, string? CannotRunReason, IReadOnlyList<ValidationDiagnostic> Diagnostics)
{
    public int Errors => Diagnostics.Count(d => d.Severity == ValidationSeverity.Error);

    public int Warnings => Diagnostics.Count(d => d.Severity == ValidationSeverity.Warning);
}

/// <summary>A cause and how many detections it concerns, for the summary.</summary>
public sealed record CauseCount(string Cause, ValidationSeverity Severity, int Detections);

/// <summary>Every detection's report, in load order, and the counts the summary gives.</summary>
public sealed record ValidationReport(IReadOnlyList<DetectionReport> Detections, bool DataSourcesChecked)
{
    public int RunHere => Detections.Count(d => d.RunsHere);

    public int WithErrors => Detections.Count(d => d.Errors > 0);

    public int WithWarnings => Detections.Count(d => d.Warnings > 0);

    public int Errors => Detections.Sum(d => d.Errors);

    public int Warnings => Detections.Sum(d => d.Warnings);

    public bool HasErrors => Errors > 0;

    /// <summary>Causes ranked by how many detections each concerns (errors before warnings before info at equal counts).</summary>
    public IReadOnlyList<CauseCount> Causes =>
        Detections.SelectMany(d => d.Diagnostics.Select(x => (x.Cause, x.Severity)).Distinct())
            .GroupBy(x => x)
            .Select(g => new CauseCount(g.Key.Cause, g.Key.Severity, g.Count()))
            .OrderByDescending(c => c.Detections)
            .ThenBy(c => c.Severity)
            .ThenBy(c => c.Cause, StringComparer.Ordinal)
            .ToList();
}
