using Vigil.Spl.Values;

namespace Vigil.Spl.Lookups;

/// <summary>How a lookup writes its outputs: every non-input column (no OUTPUT clause), OUTPUT, or OUTPUTNEW.</summary>
public enum LookupOutputMode
{
    AllColumns,
    Output,
    /// <summary>OUTPUTNEW: writes each output field only where the event lacks it.</summary>
    OutputWhereAbsent,
}

/// <summary>A lookup field and the event field it is read from or written to (<c>lookup_field AS event_field</c>).</summary>
public sealed record LookupFieldMap(string LookupField, string EventField);

/// <summary>
/// One use of a lookup, as the <c>lookup</c> command, an automatic lookup (<c>LOOKUP-</c>) or a data model writes it:
/// which event fields feed which columns, and which columns come back under which names.
/// </summary>
public sealed class LookupInvocation
{
    public LookupInvocation(LookupDefinition definition, IReadOnlyList<LookupFieldMap> inputs, IReadOnlyList<LookupFieldMap> outputs, LookupOutputMode mode)
    {
        Definition = definition;
        Inputs = inputs;
        Outputs = outputs;
        Mode = mode;
    }

    public LookupDefinition Definition { get; }

    public IReadOnlyList<LookupFieldMap> Inputs { get; }

    /// <summary>The named outputs; empty with <see cref="LookupOutputMode.AllColumns"/>.</summary>
    public IReadOnlyList<LookupFieldMap> Outputs { get; }

    public LookupOutputMode Mode { get; }

    /// <summary>The event fields this lookup may write.</summary>
    public IEnumerable<string> OutputFields(LookupTable table) => ResolveOutputs(table).Select(o => o.Map.EventField);

    /// <summary>
    /// Looks the row's input values up and writes the outputs. Each value of a multivalue input is looked up; the
    /// outputs of every matching table row, in table order, make the output values (multivalue when several). A miss
    /// writes default_match when min_matches asks for one, and otherwise clears the outputs; a row missing an input
    /// field is left alone.
    /// </summary>
    public void Apply(Row row)
    {
        var table = Definition.Table;
        var inputColumns = new int[Inputs.Count];
        var inputValues = new IReadOnlyList<string>[Inputs.Count];
        for (var i = 0; i < Inputs.Count; i++)
        {
            inputColumns[i] = table.IndexOf(Inputs[i].LookupField);
            var value = row[Inputs[i].EventField];
            if (inputColumns[i] < 0 || value.IsNull)
            {
                return;
            }

            inputValues[i] = value.Values;
        }

        var matched = new List<int>();
        var combination = new (int Column, string Value)[Inputs.Count];
        Collect(table, inputColumns, inputValues, combination, 0, matched);
        var outputs = ResolveOutputs(table);
        if (matched.Count == 0)
        {
            // default_match stands in for a miss when min_matches asks for a match; otherwise a miss clears what
            // OUTPUT would have written (OUTPUTNEW never touches an existing field).
            var fallback = Definition.MinMatches > 0 && Definition.DefaultMatch is { } text ? Value.FromString(text) : Value.Null;
            foreach (var (map, _) in outputs)
            {
                Write(row, map.EventField, fallback);
            }

            return;
        }

        foreach (var (map, column) in outputs)
        {
            var values = new List<string>(matched.Count);
            foreach (var index in matched)
            {
                var cell = table.Rows[index][column];
                if (cell.Length > 0)
                {
                    values.Add(cell);
                }
            }

            Write(row, map.EventField, Value.FromMany(values));
        }
    }

    private void Collect(LookupTable table, int[] columns, IReadOnlyList<string>[] values, (int, string)[] combination, int index, List<int> matched)
    {
        if (index == columns.Length)
        {
            foreach (var row in table.Match(combination, Definition.MaxMatches))
            {
                if (!matched.Contains(row))
                {
                    matched.Add(row);
                }
            }

            return;
        }

        foreach (var value in values[index])
        {
            combination[index] = (columns[index], value);
            Collect(table, columns, values, combination, index + 1, matched);
        }
    }

    private void Write(Row row, string field, Value value)
    {
        if (Mode == LookupOutputMode.OutputWhereAbsent && row.Has(field))
        {
            return;
        }

        row[field] = value;
    }

    private List<(LookupFieldMap Map, int Column)> ResolveOutputs(LookupTable table)
    {
        var outputs = new List<(LookupFieldMap, int)>();
        if (Mode == LookupOutputMode.AllColumns)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (!Inputs.Any(input => input.LookupField == table.Columns[i]))
                {
                    outputs.Add((new LookupFieldMap(table.Columns[i], table.Columns[i]), i));
                }
            }

            return outputs;
        }

        foreach (var map in Outputs)
        {
            var column = table.IndexOf(map.LookupField);
            if (column >= 0)
            {
                outputs.Add((map, column));
            }
        }

        return outputs;
    }
}
