using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>spath [input=field] [output=field] [path=]datapath</c>: reads JSON or XML from the input field (<c>_raw</c> by
/// default; the first value of a multivalue) and writes the value at the path to the output field (named as the path
/// when output= is not given). A path is steps joined by dots, each a name with optional suffixes: <c>{}</c> for every
/// element of a JSON array, <c>{@attr}</c> for an XML attribute. A path reaching several values gives a multivalue;
/// an object or array gives its JSON as written; a path reaching nothing leaves the output field as it was.
/// Without a path, every value in the first 5,000 characters becomes a field named by its path (<c>a.b{}.c</c>,
/// <c>Event.System.Provider{@Name}</c>), as Splunk's auto-extract mode does; then output= is refused. JSON strings are
/// unescaped, numbers kept as written, and null, true and false written as such. Array indexes (<c>{1}</c>) are
/// refused: Splunk's documentation leaves unsettled whether JSON counts from 0 or 1.
/// </summary>
internal sealed class SpathCommand : SplCommand
{
    /// <summary>Splunk's [spath] extraction_cutoff: auto-extract reads this many characters of the input.</summary>
    private const int AutoExtractCutoff = 5000;

    private readonly string _input;
    private readonly string? _output;
    private readonly IReadOnlyList<PathStep>? _path;

    private SpathCommand(int position, string input, string? output, IReadOnlyList<PathStep>? path)
        : base(position)
    {
        _input = input;
        _output = output;
        _path = path;
    }

    public override string Name => "spath";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => [_input];

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || _output is null ? null : input.Contains(_output) ? input : [.. input, _output];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new RowChangeStage(Apply, downstream);

    private void Apply(Row row)
    {
        var value = row[_input];
        if (value.IsNull)
        {
            return;
        }

        var text = value.FirstText;
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (start == text.Length)
        {
            return;
        }

        var fields = new FieldValues();
        if (text[start] is '{' or '[')
        {
            var json = JsonText.Parse(text);
            if (json is not null)
            {
                if (_path is null)
                {
                    FlattenJson(json, string.Empty, fields);
                }
                else
                {
                    fields.Add(_output!, FollowJson(json).Select(n => n.FieldText(text)));
                }
            }
        }
        else if (text[start] == '<')
        {
            var roots = XmlText.Parse(text);
            if (_path is null)
            {
                foreach (var root in roots)
                {
                    FlattenXml(root, string.Empty, fields);
                }
            }
            else
            {
                fields.Add(_output!, FollowXml(roots, text));
            }
        }

        fields.WriteTo(row);
    }

    private static void FlattenJson(JsonNode node, string path, FieldValues fields)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
                foreach (var (key, value) in node.Members)
                {
                    FlattenJson(value, path.Length == 0 ? key : path + "." + key, fields);
                }

                break;
            case JsonKind.Array:
                foreach (var item in node.Items)
                {
                    FlattenJson(item, path + "{}", fields);
                }

                break;
            default:
                if (node.End <= AutoExtractCutoff)
                {
                    fields.Add(path, [node.Text]);
                }

                break;
        }
    }

    private static void FlattenXml(XmlElement element, string parent, FieldValues fields)
    {
        if (element.Start >= AutoExtractCutoff)
        {
            return;
        }

        var path = parent.Length == 0 ? element.Name : parent + "." + element.Name;
        if (element.Start < AutoExtractCutoff)
        {
            foreach (var (name, value) in element.Attributes)
            {
                fields.Add(path + "{@" + name + "}", [value]);
            }
        }

        if (element.Children.Count > 0)
        {
            foreach (var child in element.Children)
            {
                FlattenXml(child, path, fields);
            }
        }
        else if (element.End <= AutoExtractCutoff && element.Text.ToString() is { } own && !string.IsNullOrWhiteSpace(own))
        {
            fields.Add(path, [own]);
        }
    }

    private List<JsonNode> FollowJson(JsonNode root)
    {
        List<JsonNode> current = [root];
        foreach (var step in _path!)
        {
            if (step.Name.Length > 0)
            {
                current = current.Where(n => n.Kind == JsonKind.Object)
                    .SelectMany(n => n.Members.Where(m => m.Key == step.Name).Select(m => m.Value))
                    .ToList();
            }

            foreach (var suffix in step.Suffixes)
            {
                current = suffix is null
                    ? current.Where(n => n.Kind == JsonKind.Array).SelectMany(n => n.Items).ToList()
                    : [];
            }
        }

        return current;
    }

    private List<string> FollowXml(List<XmlElement> roots, string text)
    {
        List<XmlElement> current = [];
        for (var i = 0; i < _path!.Count; i++)
        {
            var step = _path[i];
            var candidates = i == 0 ? roots : current.SelectMany(e => e.Children);
            current = candidates.Where(e => e.Name == step.Name).ToList();
            if (step.Suffixes.FirstOrDefault(s => s is not null) is { } attribute)
            {
                return i == _path.Count - 1
                    ? current.SelectMany(e => e.Attributes.Where(a => a.Name == attribute).Select(a => a.Value)).ToList()
                    : [];
            }
        }

        return current.Select(e => e.Children.Count == 0 ? e.Text.ToString() : text[e.Start..e.End]).ToList();
    }

    /// <summary>One step of a path: a name and its suffixes, each null for <c>{}</c> or an XML attribute name.</summary>
    private sealed record PathStep(string Name, IReadOnlyList<string?> Suffixes);

    /// <summary>Values gathered per field, in the order the fields were first met, written to the row at the end.</summary>
    private sealed class FieldValues
    {
        private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
        private readonly List<string> _order = [];

        public void Add(string field, IEnumerable<string> values)
        {
            if (!_values.TryGetValue(field, out var list))
            {
                list = [];
                _values.Add(field, list);
                _order.Add(field);
            }

            list.AddRange(values);
        }

        public void WriteTo(Row row)
        {
            foreach (var field in _order)
            {
                if (_values[field].Count > 0)
                {
                    row[field] = Value.FromMany(_values[field]);
                }
            }
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["input", "output", "path"];

        public IReadOnlyList<string> Names => ["spath"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var input = "_raw";
            string? output = null;
            string? path = null;
            var pathPosition = site.Position;
            var outputPosition = 0;
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, "spath", Options, out var option, out var value, out var optionPosition))
                {
                    switch (option)
                    {
                        case "input":
                            input = value;
                            break;
                        case "output":
                            output = value;
                            outputPosition = optionPosition;
                            break;
                        default:
                            path = value;
                            pathPosition = optionPosition;
                            break;
                    }

                    continue;
                }

                if (path is not null)
                {
                    throw cursor.Error("spath takes one path");
                }

                cursor.SkipWhitespace();
                pathPosition = cursor.Position;
                path = cursor.Peek() == '"' ? cursor.ReadQuoted() : cursor.TrySearchWord(string.Empty);
            }

            if (path is null)
            {
                return output is null
                    ? new SpathCommand(site.Position, input, null, null)
                    : throw new SplSyntaxException(outputPosition, 6, "spath output= needs a path: without one spath extracts every field under its own name");
            }

            return new SpathCommand(site.Position, input, output ?? path, ParsePath(path, pathPosition));
        }

        private static List<PathStep> ParsePath(string path, int position)
        {
            var steps = new List<PathStep>();
            var i = 0;
            while (i <= path.Length)
            {
                var nameStart = i;
                while (i < path.Length && path[i] is not ('.' or '{'))
                {
                    i++;
                }

                var name = path[nameStart..i];
                var suffixes = new List<string?>();
                while (i < path.Length && path[i] == '{')
                {
                    var close = path.IndexOf('}', i);
                    if (close < 0)
                    {
                        throw new SplSyntaxException(position, path.Length, $"unclosed '{{' in the spath path '{path}'");
                    }

                    var inside = path[(i + 1)..close];
                    if (inside.Length == 0)
                    {
                        suffixes.Add(null);
                    }
                    else if (inside.StartsWith('@') && inside.Length > 1)
                    {
                        suffixes.Add(inside[1..]);
                    }
                    else
                    {
                        throw new SplSyntaxException(position, path.Length, $"the spath path step '{{{inside}}}' is not supported (Vigil takes {{}} and {{@attribute}}; array indexes are not)", SplDiagnosticId.UnsupportedFeature, "spath array index");
                    }

                    i = close + 1;
                }

                if (name.Length == 0 && suffixes.Count == 0)
                {
                    throw new SplSyntaxException(position, Math.Max(1, path.Length), $"empty step in the spath path '{path}'");
                }

                steps.Add(new PathStep(name, suffixes));
                if (i >= path.Length)
                {
                    break;
                }

                if (path[i] != '.')
                {
                    throw new SplSyntaxException(position, path.Length, $"expected '.' after '}}' in the spath path '{path}'");
                }

                i++;
            }

            return steps;
        }
    }
}
