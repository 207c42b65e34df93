using Vigil.Authoring.Sources;
using Vigil.Content.Model;
using Vigil.Hunt;

namespace Vigil.Authoring.Validation;

/// <summary>
/// Validates every loaded detection as contentctl validate would, without Splunk, and says whether Vigil runs each
/// (the same compile <c>vigil detections</c> does).
/// </summary>
public static class ContentValidator
{
    public static ValidationReport Validate(LoadedContent loaded)
    {
        var library = loaded.Library;
        var sources = new ContentSources();
        var (compiled, failures) = DetectionCompiler.Compile(library.Detections, library.Definitions);
        var compiledById = compiled.ToDictionary(c => c.Detection.Id, StringComparer.OrdinalIgnoreCase);
        var failedById = failures.ToDictionary(f => f.Detection.Id, StringComparer.OrdinalIgnoreCase);
        var duplicateIds = DuplicateIds(library.ReplacedDetections);
        var duplicateNames = library.Detections.GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);

        var reports = new List<DetectionReport>();
        foreach (var detection in library.Detections)
        {
            var file = ContentSources.DisplayPath(detection.Origin);
            var context = new DetectionContext(detection, sources.Find(detection.Origin, detection.Name), file,
                compiledById.GetValueOrDefault(detection.Id), failedById.GetValueOrDefault(detection.Id));
            var diagnostics = new List<ValidationDiagnostic>();
            diagnostics.AddRange(KeySchema.Check(context));
            diagnostics.AddRange(IdentityChecks.Check(context));
            if (duplicateIds.TryGetValue(detection.Id, out var otherFiles))
            {
                diagnostics.Add(context.Error(ValidationCodes.DuplicateId, "id", $"id {detection.Id} is also the id of {string.Join(", ", otherFiles)}", "id used by more than one detection"));
            }

            if (duplicateNames.TryGetValue(detection.Name, out var sameName))
            {
                var others = sameName.Where(d => !ReferenceEquals(d, detection)).Select(d => ContentSources.DisplayPath(d.Origin));
                diagnostics.Add(context.Error(ValidationCodes.DuplicateName, "name", $"name is also used by {string.Join(", ", others)}", "name used by more than one detection"));
            }

            diagnostics.AddRange(FilterMacroCheck.Check(context, library.Definitions));
            diagnostics.AddRange(RiskChecks.Check(context));
            diagnostics.AddRange(ReferenceChecks.Check(context, library));
            diagnostics.AddRange(SearchChecks.Check(context, library));
            reports.Add(new DetectionReport(detection, file, context.Failure is null, context.Failure?.Summary, diagnostics));
        }

        return new ValidationReport(reports, library.DataSourceNames.Count > 0);
    }

    /// <summary>
    /// Ids two of the user's files both define, with the file that lost. A user file replacing a shipped detection is
    /// how Vigil's own copy gives way to the user's (ESCU's seed), not a duplicate.
    /// </summary>
    private static Dictionary<string, List<string>> DuplicateIds(IReadOnlyList<(Detection Replaced, Detection By)> replaced)
    {
        var duplicates = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (earlier, later) in replaced)
        {
            if (earlier.Origin.StartsWith("shipped:", StringComparison.Ordinal))
            {
                continue;
            }

            if (!duplicates.TryGetValue(later.Id, out var files))
            {
                duplicates[later.Id] = files = [];
            }

            files.Add(ContentSources.DisplayPath(earlier.Origin));
        }

        return duplicates;
    }
}
