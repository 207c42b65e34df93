using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>foreach [mode=multifield] &lt;wildcard-fields&gt; [fieldstr=] [matchstr=] [matchseg1=] [matchseg2=] [matchseg3=]
/// [eval ...]</c>: for each field of a row whose name a pattern matches, runs the template with <c>&lt;&lt;FIELD&gt;&gt;</c>
/// replaced by the field's name, <c>&lt;&lt;MATCHSTR&gt;&gt;</c> by what the wildcards matched and
/// <c>&lt;&lt;MATCHSEG1&gt;&gt;</c>.. by what each one matched (the option names other tokens). The replacement is
/// textual, as in Splunk, so a token stands where a name or a string is written. Fields are taken in name order,
/// internal fields (<c>_*</c>) left out, the row's own fields before the template adds any. The template is one or more
/// eval commands; other commands, and the multivalue, json_array and auto_collections modes, are refused. A field name
/// that makes the template unparsable (a space in an unquoted name) is skipped.
/// </summary>
internal sealed class ForeachCommand(int position, IReadOnlyList<FieldPattern> patterns, ForeachTokens tokens, string template, SearchScope scope) : SplCommand(position)
{
    private readonly SearchScope _scope = scope;

    public IReadOnlyList<FieldPattern> Patterns { get; } = patterns;

    public ForeachTokens Tokens { get; } = tokens;

    public string Template { get; } = template;

    public override string Name => "foreach";

    public override bool IsStreaming => true;

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input)
    {
        if (input is null)
        {
            return null;
        }

        var instances = new Instances(this);
        var added = input.Where(c => !c.StartsWith('_')).Order(StringComparer.Ordinal)
            .SelectMany(c => instances.For(c) ?? []).Select(a => a.Field).Where(f => !input.Contains(f)).Distinct();
        return [.. input, .. added];
    }

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(new Instances(this), context, downstream);

    /// <summary>The template with a field's tokens filled in, or null when the name matches no pattern.</summary>
    private string? Fill(string field)
    {
        foreach (var pattern in Patterns)
        {
            if (pattern.Capture(field) is not { } captures)
            {
                continue;
            }

            var text = Template.Replace(Tokens.Field, field, StringComparison.Ordinal)
                .Replace(Tokens.MatchString, string.Concat(captures), StringComparison.Ordinal);
            for (var i = 0; i < Tokens.Segments.Count; i++)
            {
                text = text.Replace(Tokens.Segments[i], i < captures.Length ? captures[i] : string.Empty, StringComparison.Ordinal);
            }

            return text;
        }

        return null;
    }

    /// <summary>Parses a filled template into its eval assignments.</summary>
    private static List<EvalAssignment> Compile(string filled, SearchScope scope)
    {
        var text = "[" + filled + "]";
        var commands = PipelineParser.ParseSubpipeline(new TextCursor(text, 0, text.Length), scope, "foreach");
        return commands.OfType<EvalCommand>().SelectMany(c => c.Assignments).ToList();
    }

    /// <summary>The compiled template for each field name met, kept for the run.</summary>
    private sealed class Instances(ForeachCommand command)
    {
        private readonly Dictionary<string, List<EvalAssignment>?> _byField = new(StringComparer.Ordinal);

        public List<EvalAssignment>? For(string field)
        {
            if (!_byField.TryGetValue(field, out var assignments))
            {
                assignments = command.Fill(field) is { } filled ? TryCompile(filled) : null;
                _byField.Add(field, assignments);
            }

            return assignments;
        }

        private List<EvalAssignment>? TryCompile(string filled)
        {
            try
            {
                return Compile(filled, command._scope);
            }
            catch (SplCompileException)
            {
                return null;
            }
        }
    }

    private sealed class Stage(Instances instances, SearchContext context, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            var fields = row.Names.Where(n => !n.StartsWith('_')).Order(StringComparer.Ordinal).ToList();
            foreach (var field in fields)
            {
                foreach (var assignment in instances.For(field) ?? [])
                {
                    row[assignment.Field] = assignment.Expression.Evaluate(row, context);
                }
            }

            Next.Push(row);
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["foreach"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var patterns = new List<FieldPattern>();
            var tokens = new ForeachTokens();
            while (true)
            {
                cursor.SkipWhitespace();
                if (cursor.AtEnd || cursor.Peek() == '[')
                {
                    break;
                }

                if (BracketArguments.TryOption(cursor, out var option, out var value, out var optionPosition))
                {
                    tokens = option.ToLowerInvariant() switch
                    {
                        "mode" when value.Equals("multifield", StringComparison.OrdinalIgnoreCase) => tokens,
                        "mode" => throw new SplSyntaxException(optionPosition, option.Length, $"foreach mode={value} is not supported (Vigil runs mode=multifield)", SplDiagnosticId.UnsupportedOption, "foreach mode=" + value.ToLowerInvariant()),
                        "fieldstr" => tokens with { Field = value },
                        "matchstr" => tokens with { MatchString = value },
                        "matchseg1" => tokens with { Segments = [value, tokens.Segments[1], tokens.Segments[2]] },
                        "matchseg2" => tokens with { Segments = [tokens.Segments[0], value, tokens.Segments[2]] },
                        "matchseg3" => tokens with { Segments = [tokens.Segments[0], tokens.Segments[1], value] },
                        _ => throw BracketArguments.Unsupported("foreach", option, optionPosition),
                    };
                    continue;
                }

                patterns.Add(new FieldPattern(cursor.ExpectFieldName("a field name or pattern")));
            }

            if (patterns.Count == 0)
            {
                throw site.Error("foreach needs at least one field or pattern");
            }

            if (cursor.AtEnd)
            {
                throw site.Error("foreach needs a template in square brackets: foreach x* [eval <<FIELD>>=...]");
            }

            cursor.SkipWhitespace();
            var templatePosition = cursor.Position;
            var (start, end) = PipelineParser.ReadBracketed(cursor);
            Arguments.ExpectEnd(cursor, "foreach template");
            var command = new ForeachCommand(site.Position, patterns, tokens, cursor.Slice(start, end), site.Scope);
            Check(command, templatePosition, end + 1 - templatePosition);
            return command;
        }

        /// <summary>The template must parse, as eval commands, for a name each pattern could match.</summary>
        private static void Check(ForeachCommand command, int position, int length)
        {
            foreach (var pattern in command.Patterns)
            {
                var sample = pattern.Pattern.Replace("*", "x", StringComparison.Ordinal);
                var filled = command.Fill(sample)!;
                var text = "[" + filled + "]";
                try
                {
                    var commands = PipelineParser.ParseSubpipeline(new TextCursor(text, 0, text.Length), command._scope, "foreach");
                    if (commands.FirstOrDefault(c => c is not EvalCommand) is { } other)
                    {
                        throw new SplSyntaxException(position, length, $"foreach templates run eval; '{other.Name}' is not supported there", SplDiagnosticId.UnsupportedFeature, "foreach " + other.Name);
                    }
                }
                catch (SplCompileException e)
                {
                    var first = e.Diagnostics[0];
                    throw new SplSyntaxException(position, length, $"the foreach template does not parse for the field '{sample}': {first.Message}", first.Id, first.Subject);
                }
            }
        }
    }
}

/// <summary>The tokens foreach replaces, Splunk's by default.</summary>
internal sealed record ForeachTokens
{
    public string Field { get; init; } = "<<FIELD>>";

    public string MatchString { get; init; } = "<<MATCHSTR>>";

    public IReadOnlyList<string> Segments { get; init; } = ["<<MATCHSEG1>>", "<<MATCHSEG2>>", "<<MATCHSEG3>>"];
}
