using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>fromjson field [prefix=p]</c>: when the field holds a JSON object, each top-level key becomes a field (its name
/// after the prefix): a string unescaped, a number as written, true or false, an object as its JSON, an array as a
/// multivalue of its elements (objects and arrays among them as JSON). A null, an empty array and a value that is not
/// a JSON object set nothing.
/// </summary>
internal sealed class FromjsonCommand(int position, string fieldName, string prefix) : SplCommand(position)
{
    public override string Name => "fromjson";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => [fieldName];

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) => null;

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new RowChangeStage(Apply, downstream);

    private void Apply(Row row)
    {
        var value = row[fieldName];
        if (value.IsNull)
        {
            return;
        }

        var text = value.FirstText;
        if (JsonText.Parse(text) is not { Kind: JsonKind.Object } json)
        {
            return;
        }

        foreach (var (key, member) in json.Members)
        {
            var values = member.Kind switch
            {
                JsonKind.Null => [],
                JsonKind.Array => member.Items.Where(i => i.Kind != JsonKind.Null).Select(i => i.FieldText(text)).ToList(),
                _ => [member.FieldText(text)],
            };
            if (values.Count > 0)
            {
                row[prefix + key] = Value.FromMany(values);
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["fromjson"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? field = null;
            var prefix = string.Empty;
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, "fromjson", ["prefix"], out _, out var value, out _))
                {
                    prefix = value;
                    continue;
                }

                if (field is not null)
                {
                    throw cursor.Error("fromjson takes one field");
                }

                field = cursor.ExpectFieldName("the field holding JSON");
            }

            return field is null ? throw site.Error("fromjson needs a field") : new FromjsonCommand(site.Position, field, prefix);
        }
    }
}
