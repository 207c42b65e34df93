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
        _inputKeys = [.. inputs.Select(input => new FieldKey(input.EventField))];
    }

    // The input fields with their hashes: automatic lookups read them from every event.
    private readonly FieldKey[] _inputKeys;

    public LookupDefinition Definition { get; }

    public IReadOnlyList<LookupFieldMap> Inputs { get; }

    /// <summary>The named outputs; empty with <see cref="LookupOutputMode.AllColumns"/>.</summary>
    public IReadOnlyList<LookupFieldMap> Outputs { get; }

    public LookupOutputMode Mode { get; }

    /// <summary>The event fields this lookup may write.</summary>
    public IEnumerable<string> OutputFields(LookupHeader header) => ResolveOutputs(header).Select(o => o.Map.EventField);

    /// <summary>
    /// Looks the row's input values up and writes the outputs. Each value of a multivalue input is looked up; the
    /// outputs of the matching table rows make the output values (multivalue when several). A miss writes
    /// default_match when min_matches asks for one, and otherwise clears the outputs; a row missing an input field is left
    /// alone.
    /// </summary>
    public void Apply(Row row)
    {
        var table = Definition.TableForSearch();
        var (inputColumns, outputs) = ColumnsOf(table);
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (inputColumns[i] < 0 || !row.Has(_inputKeys[i]))
            {
                return;
            }
        }

        var inputValues = new IReadOnlyList<string>[Inputs.Count];
        for (var i = 0; i < Inputs.Count; i++)
        {
            inputValues[i] = row[_inputKeys[i]].Values;
        }

        var values = new List<string>[outputs.Count];
        for (var o = 0; o < outputs.Count; o++)
        {
            values[o] = [];
        }

        var combination = new (int Column, string Value)[Inputs.Count];
        var matchedAny = Collect(table, inputColumns, inputValues, combination, 0, outputs, values);
        if (!matchedAny)
        {
            // A miss clears what OUTPUT would have written (OUTPUTNEW never touches an existing field).
            foreach (var (map, _) in outputs)
            {
                Write(row, map.EventField, Value.Null);
            }

            return;
        }

        for (var o = 0; o < outputs.Count; o++)
        {
            Write(row, outputs[o].Map.EventField, Value.FromMany(values[o]));
        }
    }

    /// <summary>
    /// Looks up each combination of input values in input order, appending each one's outputs: a multivalue input
    /// gives its outputs value by value, repeats included (ESCU's base64decode macro relies on that order). A value with
    /// fewer matches than min_matches gets default_match until it has that many. Returns whether anything was output.
    /// </summary>
    private bool Collect(LookupTable table, int[] columns, IReadOnlyList<string>[] inputValues, (int, string)[] combination, int index,
        List<(LookupFieldMap Map, int Column)> outputs, List<string>[] values)
    {
        if (index == columns.Length)
        {
            var matches = table.Match(combination, Definition.MaxMatches);
            foreach (var row in matches)
            {
                for (var o = 0; o < outputs.Count; o++)
                {
                    var cell = table.Rows[row][outputs[o].Column];
                    if (cell.Length > 0)
                    {
                        values[o].Add(cell);
                    }
                }
            }

            var defaults = Definition.DefaultMatch is not null ? Math.Max(0, Definition.MinMatches - matches.Count) : 0;
            for (var d = 0; d < defaults; d++)
            {
                foreach (var list in values)
                {
                    list.Add(Definition.DefaultMatch!);
                }
            }

            return matches.Count + defaults > 0;
        }

        var any = false;
        foreach (var value in inputValues[index])
        {
            combination[index] = (columns[index], value);
            any |= Collect(table, columns, inputValues, combination, index + 1, outputs, values);
        }

        return any;
    }

    private void Write(Row row, string field, Value value)
    {
        if (Mode == LookupOutputMode.OutputWhereAbsent && row.Has(field))
        {
            return;
        }

        row[field] = value;
    }

    // The columns of the inputs and outputs in the table, found once: automatic lookups run on every event, on several
    // threads (one reference, so a thread sees all of it or none; two may both find it, alike).
    private TableColumns? _columns;

    private (int[] Inputs, List<(LookupFieldMap Map, int Column)> Outputs) ColumnsOf(LookupTable table)
    {
        var columns = _columns;
        if (columns is null || !ReferenceEquals(columns.Table, table))
        {
            columns = new TableColumns(table, Inputs.Select(input => table.IndexOf(input.LookupField)).ToArray(), ResolveOutputs(table.Header));
            _columns = columns;
        }

        return (columns.Inputs, columns.Outputs);
    }

    private sealed record TableColumns(LookupTable Table, int[] Inputs, List<(LookupFieldMap Map, int Column)> Outputs);

    private List<(LookupFieldMap Map, int Column)> ResolveOutputs(LookupHeader table)
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
