using System.Text.RegularExpressions;
using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>rex [field=f] [max_match=N] "regex"</c>: matches the field (<c>_raw</c> by default) against the unanchored
/// regular expression and sets a field per named group. With max_match above 1 (0 for no limit) each further match
/// adds values, so the fields become multivalue. A multivalue field is matched as its values joined by newlines. A
/// row without the field, a regex that does not match and a group that takes no part leave the fields as they were.
/// <c>rex [field=f] mode=sed "s/regex/replacement/flags"</c> (or <c>y/abc/xyz/</c>) rewrites each value instead.
/// </summary>
internal sealed class RexCommand : SplCommand
{
    private readonly string _field;
    private readonly Regex? _regex;
    private readonly IReadOnlyList<string> _groups;
    private readonly int _maxMatch;
    private readonly SedExpression? _sed;

    private RexCommand(int position, string field, Regex regex, IReadOnlyList<string> groups, int maxMatch)
        : base(position)
    {
        _field = field;
        _regex = regex;
        _groups = groups;
        _maxMatch = maxMatch;
    }

    private RexCommand(int position, string field, SedExpression sed)
        : base(position)
    {
        _field = field;
        _groups = [];
        _sed = sed;
    }

    public override string Name => "rex";

    public override bool IsStreaming => true;

    public override IReadOnlyCollection<string>? FieldsRead => [_field];

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null ? null : [.. input, .. _groups.Where(g => !input.Contains(g))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, downstream);

    private void Extract(Row row, Value value)
    {
        var text = value.ToString();
        if (_maxMatch == 1)
        {
            var match = _regex!.Match(text);
            if (!match.Success)
            {
                return;
            }

            foreach (var name in _groups)
            {
                var group = match.Groups[name];
                if (group.Success)
                {
                    row[name] = Value.FromString(group.Value);
                }
            }

            return;
        }

        var values = _groups.ToDictionary(g => g, _ => new List<string>(), StringComparer.Ordinal);
        var count = 0;
        for (var match = _regex!.Match(text); match.Success && (_maxMatch == 0 || count < _maxMatch); match = match.NextMatch())
        {
            count++;
            foreach (var name in _groups)
            {
                var group = match.Groups[name];
                if (group.Success)
                {
                    values[name].Add(group.Value);
                }
            }
        }

        foreach (var (name, list) in values)
        {
            if (list.Count > 0)
            {
                row[name] = Value.FromMany(list);
            }
        }
    }

    private void Rewrite(Row row, Value value)
    {
        var values = value.Values;
        var rewritten = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            rewritten[i] = _sed!.Apply(values[i]);
        }

        row[_field] = Value.FromMany(rewritten);
    }

    private sealed class Stage(RexCommand command, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            var value = row[command._field];
            if (!value.IsNull)
            {
                if (command._sed is null)
                {
                    command.Extract(row, value);
                }
                else
                {
                    command.Rewrite(row, value);
                }
            }

            Next.Push(row);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        private static readonly string[] Options = ["field", "max_match", "offset_field", "mode"];

        public IReadOnlyList<string> Names => ["rex"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var field = "_raw";
            var maxMatch = 1;
            var sed = false;
            string? expression = null;
            var expressionPosition = 0;
            var expressionLength = 0;
            while (!cursor.AtEnd)
            {
                if (CommandOptions.TryRead(cursor, "rex", Options, out var option, out var value, out var optionPosition))
                {
                    switch (option)
                    {
                        case "field":
                            field = value;
                            break;
                        case "max_match":
                            maxMatch = Arguments.WholeNumber(value, option, optionPosition);
                            break;
                        case "mode":
                            sed = value == "sed"
                                ? true
                                : throw new SplSyntaxException(optionPosition, option.Length, $"rex mode must be sed, not '{value}'");
                            break;
                        default:
                            throw new SplSyntaxException(optionPosition, option.Length, "rex offset_field is not supported", SplDiagnosticId.UnsupportedOption, "rex offset_field");
                    }

                    continue;
                }

                cursor.SkipWhitespace();
                if (cursor.Peek() != '"')
                {
                    throw cursor.Error("rex takes its regular expression in double quotes");
                }

                if (expression is not null)
                {
                    throw cursor.Error("rex takes one regular expression");
                }

                expressionPosition = cursor.Position;
                expression = cursor.ReadQuoted();
                expressionLength = cursor.Position - expressionPosition;
            }

            if (expression is null)
            {
                throw site.Error(sed ? "rex mode=sed needs a sed expression in double quotes" : "rex needs a regular expression in double quotes");
            }

            if (sed)
            {
                return new RexCommand(site.Position, field, SedExpression.Parse(expression, expressionPosition, expressionLength));
            }

            var regex = PcreArgument.Compile(expression, expressionPosition, expressionLength);
            var groups = regex.GetGroupNames().Where(n => !int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)).ToList();
            if (groups.Count == 0)
            {
                // Splunk refuses it too: "The regex does not extract anything. It should specify at least one named group."
                throw new SplSyntaxException(expressionPosition, expressionLength, "the rex regular expression extracts nothing: name at least one group, (?<name>...)");
            }

            if (groups.FirstOrDefault(g => g.StartsWith("_KEY_", StringComparison.Ordinal) || g.StartsWith("_VAL_", StringComparison.Ordinal)) is { } dynamic)
            {
                throw new SplSyntaxException(expressionPosition, expressionLength, $"rex groups that name fields from the data (_KEY_/_VAL_, here '{dynamic}') are not supported", SplDiagnosticId.UnsupportedFeature, "rex _KEY_ groups");
            }

            return new RexCommand(site.Position, field, regex, groups, maxMatch);
        }
    }
}
