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
        var columns = ColumnsOf(table);
        var multi = false;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var value = row[_inputKeys[i]];
            if (columns.Inputs[i] < 0 || value.IsNull)
            {
                return;
            }

            multi |= value.Kind == ValueKind.Multi;
        }

        var scratch = t_scratch ??= new Scratch();
        if (scratch.Combination.Length < Inputs.Count)
        {
            scratch.Combination = new (int, string)[Inputs.Count];
        }

        if (multi)
        {
            ApplyEach(row, table, columns, scratch);
            return;
        }

        // The common case, one value per input: one combination looked up, its outputs written without lists.
        var combination = scratch.Combination.AsSpan(0, Inputs.Count);
        for (var i = 0; i < combination.Length; i++)
        {
            combination[i] = (columns.Inputs[i], row[_inputKeys[i]].ToString());
        }

        var matches = scratch.Matches;
        matches.Clear();
        table.Match(combination, Definition.MaxMatches, matches);
        var defaults = DefaultsAfter(matches.Count);
        if (matches.Count + defaults == 0)
        {
            WriteMiss(row, columns.Outputs);
            return;
        }

        foreach (var (_, column, key) in columns.Outputs)
        {
            Write(row, key, OutputOf(table, matches, column, defaults));
        }
    }

    /// <summary>Default_match's repeats that bring <paramref name="matched"/> rows up to min_matches (none without a default_match).</summary>
    private int DefaultsAfter(int matched) => Definition.DefaultMatch is not null ? Math.Max(0, Definition.MinMatches - matched) : 0;

    /// <summary>One output's values over the matched rows (empty cells left out), then the defaults.</summary>
    private Value OutputOf(LookupTable table, List<int> matches, int column, int defaults)
    {
        string? first = null;
        List<string>? several = null;
        foreach (var match in matches)
        {
            var cell = table.Rows[match][column];
            if (cell.Length > 0)
            {
                Add(cell);
            }
        }

        for (var d = 0; d < defaults; d++)
        {
            Add(Definition.DefaultMatch!);
        }

        return several is not null ? Value.FromMany(several) : first is not null ? Value.FromString(first) : Value.Null;

        void Add(string cell)
        {
            if (first is null)
            {
                first = cell;
                return;
            }

            several ??= [first];
            several.Add(cell);
        }
    }

    private void WriteMiss(Row row, List<(LookupFieldMap Map, int Column, FieldKey Key)> outputs)
    {
        // A miss clears what OUTPUT would have written (OUTPUTNEW never touches an existing field).
        foreach (var (_, _, key) in outputs)
        {
            Write(row, key, Value.Null);
        }
    }

    /// <summary>Looks up every combination of a multivalue input's values (see <see cref="Collect"/>).</summary>
    private void ApplyEach(Row row, LookupTable table, TableColumns columns, Scratch scratch)
    {
        var inputValues = new IReadOnlyList<string>[Inputs.Count];
        for (var i = 0; i < Inputs.Count; i++)
        {
            inputValues[i] = row[_inputKeys[i]].Values;
        }

        var outputs = columns.Outputs;
        var values = new List<string>[outputs.Count];
        for (var o = 0; o < outputs.Count; o++)
        {
            values[o] = [];
        }

        if (!Collect(table, columns.Inputs, inputValues, scratch.Combination, 0, outputs, values, scratch.Matches))
        {
            WriteMiss(row, outputs);
            return;
        }

        for (var o = 0; o < outputs.Count; o++)
        {
            Write(row, outputs[o].Key, Value.FromMany(values[o]));
        }
    }

    /// <summary>
    /// Looks up each combination of input values in input order, appending each one's outputs: a multivalue input
    /// gives its outputs value by value, repeats included (ESCU's base64decode macro relies on that order). A value with
    /// fewer matches than min_matches gets default_match until it has that many. Returns whether anything was output.
    /// </summary>
    private bool Collect(LookupTable table, int[] columns, IReadOnlyList<string>[] inputValues, (int, string)[] combination, int index,
        List<(LookupFieldMap Map, int Column, FieldKey Key)> outputs, List<string>[] values, List<int> matches)
    {
        if (index == columns.Length)
        {
            matches.Clear();
            table.Match(combination.AsSpan(0, columns.Length), Definition.MaxMatches, matches);
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

            var defaults = DefaultsAfter(matches.Count);
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
            any |= Collect(table, columns, inputValues, combination, index + 1, outputs, values, matches);
        }

        return any;
    }

    // By key, the name interned once when the columns are found: automatic lookups write on every event, and a field
    // named by the interned string is found by reference (a search's keys are interned too).
    private void Write(Row row, FieldKey field, Value value)
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

    private TableColumns ColumnsOf(LookupTable table)
    {
        var columns = _columns;
        if (columns is null || !ReferenceEquals(columns.Table, table))
        {
            columns = FindColumns(table);
            _columns = columns;
        }

        return columns;
    }

    private TableColumns FindColumns(LookupTable table) =>
        new(table, [.. Inputs.Select(input => table.IndexOf(input.LookupField))], ResolveOutputs(table.Header));

    // A thread's working arrays for Apply, which neither nests nor yields: automatic lookups run on every event.
    [ThreadStatic]
    private static Scratch? t_scratch;

    private sealed class Scratch
    {
        public (int, string)[] Combination { get; set; } = new (int, string)[2];

        public List<int> Matches { get; } = [];
    }

    private sealed record TableColumns(LookupTable Table, int[] Inputs, List<(LookupFieldMap Map, int Column, FieldKey Key)> Outputs);

    private List<(LookupFieldMap Map, int Column, FieldKey Key)> ResolveOutputs(LookupHeader table)
    {
        var outputs = new List<(LookupFieldMap, int, FieldKey)>();
        if (Mode == LookupOutputMode.AllColumns)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (!Inputs.Any(input => input.LookupField == table.Columns[i]))
                {
                    outputs.Add((new LookupFieldMap(table.Columns[i], table.Columns[i]), i, new FieldKey(table.Columns[i])));
                }
            }

            return outputs;
        }

        foreach (var map in Outputs)
        {
            var column = table.IndexOf(map.LookupField);
            if (column >= 0)
            {
                outputs.Add((map, column, new FieldKey(map.EventField)));
            }
        }

        return outputs;
    }
}
