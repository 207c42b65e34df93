using Vigil.Spl.DataModels;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>| datamodel Model Dataset search [summariesonly=bool] [allow_old_summaries=bool] [strict_fields=true]</c>
/// (Search Reference, "datamodel"): the dataset's events, its fields named by the dataset that defines them, as
/// tstats names them. Vigil has no acceleration summaries, so the summary options change nothing, as tstats's do not.
/// The other modes are refused by name (flat, acceleration_search and the *_string modes), and so are the forms that
/// return a data model's JSON (no dataset, no mode) and strict_fields=false.
/// </summary>
internal sealed class DatamodelSyntax : IGeneratorSyntax
{
    private const string SearchMode = "search";
    private static readonly string[] SummaryOptions = ["summariesonly", "allow_old_summaries"];
    private static readonly string[] OtherModes = ["flat", "acceleration_search", "search_string", "flat_string", "acceleration_search_string"];

    public IReadOnlyList<string> Names => ["datamodel"];

    public SplGenerator Parse(CommandSite site)
    {
        var cursor = site.Cursor;
        var words = new List<(string Word, int Position)>();
        while (!cursor.AtEnd)
        {
            if (cursor.TryOption([.. SummaryOptions, "strict_fields"], out var option, out var value, out var optionPosition))
            {
                if (!Arguments.Boolean(value, option, optionPosition) && option == "strict_fields")
                {
                    throw new SplSyntaxException(optionPosition, option.Length, "datamodel strict_fields=false is not supported: Vigil gives the default fields and the dataset's own",
                        SplDiagnosticId.UnsupportedOption, "datamodel strict_fields");
                }

                continue;
            }

            var (wordPosition, word) = cursor.PeekWordForError();
            if (word.Contains('=', StringComparison.Ordinal))
            {
                var name = word.Split('=')[0];
                throw new SplSyntaxException(wordPosition, name.Length, $"unsupported datamodel option '{name}'", SplDiagnosticId.UnsupportedOption, "datamodel " + name);
            }

            words.Add((cursor.ExpectFieldName("a data model, a dataset or a mode"), wordPosition));
        }

        if (words.Count == 2 && (words[1].Word.Equals(SearchMode, StringComparison.OrdinalIgnoreCase) || OtherModes.Contains(words[1].Word.ToLowerInvariant())))
        {
            throw new SplSyntaxException(words[1].Position, words[1].Word.Length, "datamodel over a whole data model is not supported: name the dataset (datamodel <model> <dataset> search)",
                SplDiagnosticId.UnsupportedFeature, "datamodel without a dataset");
        }

        if (words.Count < 3)
        {
            throw new SplSyntaxException(site.Position, site.Name.Length, "datamodel without a dataset and the search mode returns a data model's JSON, which Vigil does not produce: write datamodel <model> <dataset> search",
                SplDiagnosticId.UnsupportedFeature, "datamodel JSON");
        }

        var (mode, modePosition) = words[2];
        if (!mode.Equals(SearchMode, StringComparison.OrdinalIgnoreCase))
        {
            throw OtherModes.Contains(mode.ToLowerInvariant())
                ? new SplSyntaxException(modePosition, mode.Length, $"datamodel mode {mode} is not supported (Vigil runs the search mode)", SplDiagnosticId.UnsupportedOption, "datamodel " + mode.ToLowerInvariant())
                : new SplSyntaxException(modePosition, mode.Length, $"unknown datamodel mode '{mode}' (Splunk's are search, flat, acceleration_search and their _string forms)");
        }

        if (words.Count > 3)
        {
            throw new SplSyntaxException(words[3].Position, words[3].Word.Length, "unexpected text after the datamodel search mode");
        }

        var (modelName, modelPosition) = words[0];
        var (datasetName, datasetPosition) = words[1];
        var model = DatasetResolver.Model(site.Scope, modelName, modelPosition, modelName.Length);
        var dataset = DatasetResolver.Dataset(site.Scope, model, datasetName, datasetPosition, datasetName.Length);
        return new DatasetEventSearch(site.Position, "datamodel", dataset, DatasetRowShape.Qualified());
    }
}
