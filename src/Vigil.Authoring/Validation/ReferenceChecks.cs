using Vigil.Content;

namespace Vigil.Authoring.Validation;

/// <summary>
/// The data sources (VAL030) and analytic stories (VAL031) a detection names must be defined by the loaded content.
/// Data sources are checked only when some content defines data sources (ESCU's data_sources/); Vigil ships none.
/// </summary>
public static class ReferenceChecks
{
    public static IEnumerable<ValidationDiagnostic> Check(DetectionContext context, ContentLibrary library)
    {
        if (library.DataSourceNames.Count > 0)
        {
            foreach (var source in context.Detection.DataSources.Where(s => !library.DataSourceNames.Contains(s)))
            {
                yield return context.Error(ValidationCodes.UnknownDataSource, "data_source", $"data source '{source}' is not defined", "unknown data source");
            }
        }

        foreach (var story in context.Detection.AnalyticStories.Where(s => !library.Stories.ContainsKey(s)))
        {
            yield return context.Error(ValidationCodes.UnknownStory, "tags.analytic_story", $"analytic story '{story}' is not defined", "unknown analytic story");
        }
    }
}
