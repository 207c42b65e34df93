using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>xmlkv [field] [maxinputs=N]</c>: every XML element of the field (<c>_raw</c> by default) that holds text and no
/// other element, <c>&lt;key&gt;value&lt;/key&gt;</c>, becomes the field key; when a key comes back, the last value
/// wins. Entities are decoded; attributes are not extracted. maxinputs= only sizes Splunk's batches of rows, which
/// changes no result.
/// </summary>
internal sealed class XmlkvCommand(int position, string fieldName) : SplCommand(position)
{
    public override string Name => "xmlkv";

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

        var pending = new Stack<XmlElement>(XmlText.Parse(value.ToString()).AsEnumerable().Reverse());
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            if (element.Children.Count == 0)
            {
                var text = element.Text.ToString();
                if (text.Length > 0)
                {
                    row[element.Name] = Value.FromString(text);
                }

                continue;
            }

            for (var i = element.Children.Count - 1; i >= 0; i--)
            {
                pending.Push(element.Children[i]);
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["xmlkv"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            string? field = null;
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, "xmlkv", ["maxinputs"], out var option, out var value, out var optionPosition))
                {
                    Arguments.WholeNumber(value, option, optionPosition);
                    continue;
                }

                if (field is not null)
                {
                    throw cursor.Error("xmlkv takes one field");
                }

                field = cursor.ExpectFieldName("the field holding XML");
            }

            return new XmlkvCommand(site.Position, field ?? "_raw");
        }
    }
}
