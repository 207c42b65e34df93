using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.DataModels;

/// <summary>
/// Finds the data model dataset a search names (<c>tstats ... FROM datamodel=</c>, <c>from datamodel:</c>,
/// <c>datamodel M D search</c>) and compiles it once for every search over the same definitions, with the refusals
/// reported where the search names it.
/// </summary>
internal static class DatasetResolver
{
    public static DataModel Model(SearchScope scope, string modelName, int position, int length) =>
        scope.Definitions.DataModels.TryGetValue(modelName, out var model)
            ? model
            : throw new SplSyntaxException(position, length, $"unknown data model '{modelName}' (loaded: {string.Join(", ", scope.Definitions.DataModels.Keys.Order(StringComparer.Ordinal))})", SplDiagnosticId.UnknownDataModel, modelName);

    public static CompiledDataset Dataset(SearchScope scope, DataModel model, string datasetName, int position, int length) =>
        scope.Definitions.CompiledDataset(model.Name, datasetName, () =>
        {
            CheckBaseSearch(scope, model, datasetName, position, length);
            return CompiledDataset.Compile(model, datasetName, scope, message => new SplSyntaxException(position, length, message));
        });

    /// <summary>
    /// A BaseSearch root matches its events through its search expression directly, with no run to fix a time range
    /// to: a time modifier there is refused. (A problem of any other kind is the compilation's to report.)
    /// </summary>
    private static void CheckBaseSearch(SearchScope scope, DataModel model, string datasetName, int position, int length)
    {
        if (model.Lineage(datasetName) is not [{ BaseSearch: { } text } root, ..])
        {
            return;
        }

        SplPipeline baseSearch;
        try
        {
            baseSearch = SplPipeline.Compile(text, scope.Definitions);
        }
        catch (SplCompileException)
        {
            return;
        }

        if (baseSearch.BaseSearch is { } expression && TimeWindowExpression.Any(expression))
        {
            throw new SplSyntaxException(position, length, $"the base search of {model.Name}.{root.Name} holds a time modifier, which a data model's search cannot have in Vigil",
                SplDiagnosticId.UnsupportedFeature, "time modifier in a data model");
        }
    }
}
