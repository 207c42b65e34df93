using Vigil.Spl.Lookups;

namespace Vigil.Spl.DataModels;

/// <summary>
/// A data model (Splunk's data model JSON, as the CIM ships them): datasets in a tree, each with constraints that
/// select its events, the fields it exposes and the fields it calculates.
/// </summary>
public sealed class DataModel
{
    private readonly Dictionary<string, DataModelDataset> _byName;

    public DataModel(string name, IReadOnlyList<DataModelDataset> datasets, string? origin = null)
    {
        Name = name;
        Datasets = datasets;
        Origin = origin;
        _byName = new Dictionary<string, DataModelDataset>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            _byName.TryAdd(dataset.Name, dataset);
        }
    }

    public string Name { get; }

    public IReadOnlyList<DataModelDataset> Datasets { get; }

    /// <summary>Where it was read from, for messages.</summary>
    public string? Origin { get; }

    public DataModelDataset? Find(string datasetName) => _byName.GetValueOrDefault(datasetName);

    /// <summary>The dataset and its ancestors, root first; empty when the name is unknown or the tree has a loop.</summary>
    public IReadOnlyList<DataModelDataset> Lineage(string datasetName)
    {
        var lineage = new List<DataModelDataset>();
        var current = Find(datasetName);
        while (current is not null)
        {
            if (lineage.Contains(current))
            {
                return [];
            }

            lineage.Insert(0, current);
            current = current.ParentName is { } parent ? Find(parent) : null;
        }

        return lineage;
    }

    /// <summary>The datasets at the top of the tree (their parent is BaseEvent or BaseSearch).</summary>
    public IEnumerable<DataModelDataset> Roots => Datasets.Where(d => d.ParentName is null);
}

/// <summary>
/// One dataset (object) of a data model. A root dataset selects events by its constraints, or (a BaseSearch root) by
/// a whole search that may end in streaming commands (<c>... | eval ... | mvexpand ...</c>).
/// </summary>
public sealed record DataModelDataset(
    string Name,
    string? ParentName,
    IReadOnlyList<string> Constraints,
    IReadOnlyList<DataModelField> Fields,
    IReadOnlyList<DataModelCalculation> Calculations,
    string? BaseSearch = null);

/// <summary>A field a dataset exposes, by the name events carry it under.</summary>
public sealed record DataModelField(string Name);

/// <summary>A field a dataset computes from others, in order: later calculations see earlier ones.</summary>
public abstract record DataModelCalculation(IReadOnlyList<DataModelField> Outputs);

/// <summary>An eval calculation: one output field set to the expression's value.</summary>
public sealed record EvalCalculation(string Expression, IReadOnlyList<DataModelField> Outputs) : DataModelCalculation(Outputs);

/// <summary>A regular expression over one field whose named groups are the outputs.</summary>
public sealed record RexCalculation(string InputField, string Expression, IReadOnlyList<DataModelField> Outputs) : DataModelCalculation(Outputs);

/// <summary>A lookup: inputs map dataset fields to lookup columns; each output names the column it takes.</summary>
public sealed record LookupCalculation(string LookupName, IReadOnlyList<LookupFieldMap> Inputs, IReadOnlyList<LookupFieldMap> OutputColumns, IReadOnlyList<DataModelField> Outputs)
    : DataModelCalculation(Outputs);
