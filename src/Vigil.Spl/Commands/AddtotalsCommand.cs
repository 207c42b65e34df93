using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>addtotals [row=bool] [col=bool] [fieldname=Total] [labelfield=f] [label=Total] [fields]</c>: with row=true (the
/// default) each row gets the sum of its numeric fields (those listed, wildcards allowed, or every field not starting
/// with _) in fieldname; a row with no numeric field gets none. With col=true a last row holds each such field's sum
/// over all rows (none when there are no rows), and labelfield= (when given) holds label. Multivalue and non-numeric values are not added.
/// </summary>
internal sealed class AddtotalsCommand : SplCommand
{
    private readonly bool _row;
    private readonly bool _col;
    private readonly string _fieldName;
    private readonly string? _labelField;
    private readonly string _label;
    private readonly IReadOnlyList<FieldPattern> _fields;

    private AddtotalsCommand(int position, bool row, bool col, string fieldName, string? labelField, string label, IReadOnlyList<FieldPattern> fields)
        : base(position)
    {
        _row = row;
        _col = col;
        _fieldName = fieldName;
        _labelField = labelField;
        _label = label;
        _fields = fields;
    }

    public override string Name => "addtotals";

    public override bool IsStreaming => !_col;

    public override IReadOnlyCollection<string>? FieldsRead =>
        _fields.Count > 0 && _fields.All(f => !f.HasWildcard) ? _fields.Select(f => f.Pattern).ToHashSet(StringComparer.Ordinal) : null;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        if (input is null)
        {
            return null;
        }

        var columns = input.ToList();
        foreach (var added in new[] { _row ? _fieldName : null, _col ? _labelField : null })
        {
            if (added is not null && !columns.Contains(added))
            {
                columns.Add(added);
            }
        }

        return columns;
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private bool Sums(string field) =>
        _fields.Count == 0 ? !field.StartsWith('_') && field != _fieldName : _fields.Any(f => f.IsMatch(field));

    private static bool TryNumber(Value value, out double number)
    {
        number = 0;
        return value.Kind != ValueKind.Multi && value.TryGetNumber(out number);
    }

    private void AddRowTotal(Row row)
    {
        double? total = null;
        foreach (var (name, value) in row.Fields)
        {
            if (Sums(name) && name != _fieldName && TryNumber(value, out var number))
            {
                total = (total ?? 0) + number;
            }
        }

        if (total is { } sum)
        {
            row[_fieldName] = Value.FromNumber(sum);
        }
    }

    private sealed class Stage(AddtotalsCommand command, IRowSink next) : IRowSink
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, double> _sums = new(StringComparer.Ordinal);
        private bool _any;
        private readonly Evidence.Accumulator _evidence = new();

        public void Push(Row row)
        {
            _any = true;
            _evidence.Add(row.Evidence);
            if (command._row)
            {
                command.AddRowTotal(row);
            }

            if (command._col)
            {
                foreach (var (name, value) in row.Fields)
                {
                    if ((command.Sums(name) || (command._row && name == command._fieldName)) && TryNumber(value, out var number))
                    {
                        if (!_sums.TryGetValue(name, out var sum))
                        {
                            _order.Add(name);
                        }

                        _sums[name] = sum + number;
                    }
                }
            }

            next.Push(row);
        }

        public void Complete()
        {
            if (command._col && _any)
            {
                var summary = new Row { Evidence = _evidence.ToEvidence() };
                if (command._labelField is { } labelField)
                {
                    summary[labelField] = Value.FromString(command._label);
                }

                foreach (var name in _order)
                {
                    summary[name] = Value.FromNumber(_sums[name]);
                }

                next.Push(summary);
            }

            next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["row", "col", "fieldname", "labelfield", "label"];

        public IReadOnlyList<string> Names => ["addtotals"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var row = true;
            var col = false;
            var fieldName = "Total";
            string? labelField = null;
            var label = "Total";
            var fields = new List<FieldPattern>();
            while (!cursor.AtEnd)
            {
                if (cursor.TryConsume(','))
                {
                    continue;
                }

                if (CommandOptions.TryRead(cursor, "addtotals", Options, out var option, out var value, out var optionPosition))
                {
                    switch (option)
                    {
                        case "row":
                            row = Arguments.Boolean(value, option, optionPosition);
                            break;
                        case "col":
                            col = Arguments.Boolean(value, option, optionPosition);
                            break;
                        case "fieldname":
                            fieldName = value;
                            break;
                        case "labelfield":
                            labelField = value;
                            break;
                        default:
                            label = value;
                            break;
                    }

                    continue;
                }

                fields.Add(new FieldPattern(cursor.ExpectFieldName("a field to add up")));
            }

            return new AddtotalsCommand(site.Position, row, col, fieldName, labelField, label, fields);
        }
    }
}
