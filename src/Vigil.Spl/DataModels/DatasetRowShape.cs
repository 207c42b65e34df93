using Vigil.Spl.Values;

namespace Vigil.Spl.DataModels;

/// <summary>
/// How a dataset's events come out of <c>from datamodel</c> and <c>datamodel ... search</c>. Both give, as the Search
/// Reference's "from" and "datamodel" pages describe with strict_fields (the default), the default fields and the
/// fields the dataset's lineage defines, its calculated fields computed. <c>datamodel ... search</c> names a dataset
/// field by the dataset that defines it (<c>All_Risk.risk_message</c>, as tstats does: "search" mode keeps the
/// hierarchy in the names that "flat" strips); <c>from</c> names it as the events do (<c>risk_message</c>).
/// </summary>
internal sealed class DatasetRowShape
{
    /// <summary>
    /// The default fields a row of Vigil's can hold besides the base fields the projection keeps (<c>_time</c>,
    /// <c>host</c>, <c>source</c>, <c>sourcetype</c>): the event text and its index.
    /// </summary>
    internal static readonly string[] EventDefaults = ["_raw", "index"];

    /// <summary>The fields every dataset inherits, which keep their names (BaseEvent's, as the projection keeps them).</summary>
    private static readonly string[] BaseFields = ["_time", "host", "source", "sourcetype"];

    // Dataset field names as tstats writes them, each with the name the events carry it under; null when unprefixed.
    private readonly IReadOnlyList<(string Qualified, string Plain)>? _plainNames;

    private DatasetRowShape(IReadOnlyList<(string Qualified, string Plain)>? plainNames) => _plainNames = plainNames;

    /// <summary>Fields named as tstats names them (<c>datamodel M D search</c>).</summary>
    public static DatasetRowShape Qualified() => new(null);

    /// <summary>
    /// Fields named as the events carry them (<c>from datamodel:M.D</c>). Each field is the lineage dataset's that
    /// defines it first, root first, as the projection names it: <see cref="CompiledDataset.PathOf"/> then the name.
    /// </summary>
    public static DatasetRowShape Plain(CompiledDataset dataset)
    {
        var names = new List<(string, string)>();
        var seen = new HashSet<string>(BaseFields, StringComparer.Ordinal);
        for (var depth = 0; depth < dataset.Lineage.Count; depth++)
        {
            var defined = dataset.Lineage[depth];
            foreach (var field in defined.Fields.Concat(defined.Calculations.SelectMany(c => c.Outputs)))
            {
                if (seen.Add(field.Name))
                {
                    names.Add((dataset.PathOf(depth) + "." + field.Name, field.Name));
                }
            }
        }

        return new(names);
    }

    /// <summary>A new row from a dataset row (shared with other searches: read only) and the event it came from.</summary>
    public Row Shape(Row datasetRow, Row eventRow)
    {
        Row row;
        if (_plainNames is null)
        {
            row = datasetRow.Clone();
        }
        else
        {
            row = new Row(datasetRow.Count + EventDefaults.Length);
            foreach (var name in BaseFields)
            {
                CopyField(datasetRow, name, row, name);
            }

            foreach (var (qualified, plain) in _plainNames)
            {
                CopyField(datasetRow, qualified, row, plain);
            }
        }

        foreach (var name in EventDefaults)
        {
            if (!row.Has(name))
            {
                CopyField(eventRow, name, row, name);
            }
        }

        return row;
    }

    private static void CopyField(Row from, string name, Row to, string asName)
    {
        var value = from[name];
        if (!value.IsNull)
        {
            to[asName] = value;
        }
    }
}
