using System.Text.Json;
using Vigil.Knowledge.Conf;
using Vigil.Spl.DataModels;
using Vigil.Spl.Lookups;

namespace Vigil.Knowledge.DataModels;

/// <summary>
/// Reads a data model in Splunk's JSON form (<c>default/data/models/&lt;Model&gt;.json</c>): <c>modelName</c> and
/// <c>objects</c>, each with <c>objectName</c>, <c>parentName</c>, <c>constraints[].search</c>, <c>fields[]</c> and
/// <c>calculations[]</c> (Eval, Rex, Lookup). Fields owned by BaseEvent (_time, host, source, sourcetype) are implied.
/// </summary>
public static class DataModelJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static DataModel? Read(TextReader reader, string origin, List<KnowledgeProblem> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(reader.ReadToEnd(), Options);
            var root = document.RootElement;
            var name = Text(root, "modelName");
            if (name is null || !root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new KnowledgeProblem(origin, null, "not a data model: it needs modelName and objects"));
                return null;
            }

            var datasets = new List<DataModelDataset>();
            foreach (var item in objects.EnumerateArray())
            {
                if (ReadDataset(item, origin, problems) is { } dataset)
                {
                    datasets.Add(dataset);
                }
            }

            return new DataModel(name, datasets, origin);
        }
        catch (JsonException e)
        {
            problems.Add(new KnowledgeProblem(origin, e.LineNumber is { } line ? (int)line + 1 : null, "invalid JSON: " + e.Message));
            return null;
        }
    }

    private static DataModelDataset? ReadDataset(JsonElement item, string origin, List<KnowledgeProblem> problems)
    {
        var name = Text(item, "objectName");
        if (name is null)
        {
            problems.Add(new KnowledgeProblem(origin, null, "a data model object without objectName is skipped"));
            return null;
        }

        var parent = Text(item, "parentName");
        if (parent is "BaseTransaction")
        {
            problems.Add(new KnowledgeProblem(origin, null, $"{name} is a transaction dataset, which Vigil does not run; it is left out"));
            return null;
        }

        if (parent is "BaseEvent" or "BaseSearch" or "BaseInterface")
        {
            parent = null;
        }

        var constraints = Array(item, "constraints").Select(c => Text(c, "search")).OfType<string>().ToList();
        var fields = Array(item, "fields").Select(Field).OfType<DataModelField>()
            .Where(f => f.Name is not ("_time" or "host" or "source" or "sourcetype"))
            .ToList();
        var calculations = new List<DataModelCalculation>();
        foreach (var calculation in Array(item, "calculations"))
        {
            var outputs = Array(calculation, "outputFields").Select(Field).OfType<DataModelField>().ToList();
            switch (Text(calculation, "calculationType"))
            {
                case "Eval":
                    calculations.Add(new EvalCalculation(Text(calculation, "expression") ?? string.Empty, outputs));
                    break;
                case "Rex":
                    calculations.Add(new RexCalculation(Text(calculation, "inputField") ?? "_raw", Text(calculation, "expression") ?? string.Empty, outputs));
                    break;
                case "Lookup":
                    var inputs = Array(calculation, "lookupInputs")
                        .Select(i => new LookupFieldMap(Text(i, "lookupField") ?? string.Empty, Text(i, "inputField") ?? string.Empty))
                        .ToList();
                    var columns = Array(calculation, "outputFields")
                        .Select(o => new LookupFieldMap(Text(o, "lookupOutputFieldName") ?? Text(o, "fieldName") ?? string.Empty, Text(o, "fieldName") ?? string.Empty))
                        .ToList();
                    calculations.Add(new LookupCalculation(Text(calculation, "lookupName") ?? string.Empty, inputs, columns, outputs));
                    break;
                default:
                    problems.Add(new KnowledgeProblem(origin, null, $"{name}: calculation type '{Text(calculation, "calculationType")}' is not supported; its fields stay empty"));
                    break;
            }
        }

        var baseSearch = Text(item, "parentName") == "BaseSearch" ? Text(item, "baseSearch") : null;
        return new DataModelDataset(name, parent, constraints, fields, calculations, baseSearch);
    }

    private static DataModelField? Field(JsonElement field) => Text(field, "fieldName") is { } name ? new DataModelField(name) : null;

    private static List<JsonElement> Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : [];

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
