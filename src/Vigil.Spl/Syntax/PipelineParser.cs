using Vigil.Spl.Commands;
using Vigil.Spl.Macros;

namespace Vigil.Spl.Syntax;

/// <summary>
/// Splits a (macro-expanded) search at its top-level pipes and parses each command. A command that fails to parse is
/// recorded and parsing goes on with the next, so one run reports every problem, each with its position.
/// </summary>
internal sealed class PipelineParser
{
    private const int MaxEventTypeDepth = 8;
    private readonly string _text;
    private readonly SplDefinitions? _definitions;
    private readonly List<SplDiagnostic> _diagnostics = [];
    private int _eventTypeDepth;

    public PipelineParser(string text, SplDefinitions? definitions)
    {
        _text = text;
        _definitions = definitions;
    }

    public (SearchExpression BaseSearch, IReadOnlyList<SplCommand> Commands) Parse()
    {
        var segments = Split();
        SearchExpression baseSearch = MatchAllExpression.Instance;
        var commands = new List<SplCommand>();
        for (var i = 0; i < segments.Count; i++)
        {
            var (start, end) = segments[i];
            var cursor = new TextCursor(_text, start, end);
            try
            {
                if (i == 0)
                {
                    if (cursor.AtEnd && segments.Count > 1)
                    {
                        // A search that starts with a pipe starts with a generating command.
                        var next = new TextCursor(_text, segments[1].Start, segments[1].End);
                        var (position, word) = next.PeekWordForError();
                        if (word != "search")
                        {
                            _diagnostics.Add(new SplDiagnostic(position, word.Length, $"unsupported generating command '{word}': Vigil searches events from files, so a search starts with search terms"));
                            break;
                        }

                        continue;
                    }

                    cursor.TryKeyword("search");
                    baseSearch = new SearchParser(cursor, ResolveEventType).ParseAll();
                    continue;
                }

                cursor.SkipWhitespace();
                var commandPosition = cursor.Position;
                var name = cursor.TryName();
                if (name is null)
                {
                    throw cursor.Position >= end
                        ? new SplSyntaxException(Math.Max(0, start - 1), 1, "empty command after '|'")
                        : cursor.Error("expected a command name");
                }

                commands.Add(CommandParsers.Parse(name.ToLowerInvariant(), commandPosition, cursor, ResolveEventType));
            }
            catch (SplSyntaxException e)
            {
                _diagnostics.Add(e.Diagnostic);
            }
        }

        if (_diagnostics.Count > 0)
        {
            throw new SplCompileException(_text, _diagnostics);
        }

        return (baseSearch, commands);
    }

    /// <summary>
    /// Top-level pipes: not inside double quotes. Square brackets (subsearches) are refused. An unterminated quote is
    /// left for the command parser to report, with its position.
    /// </summary>
    private List<(int Start, int End)> Split()
    {
        var segments = new List<(int, int)>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < _text.Length; i++)
        {
            var c = _text[i];
            if (c == '\\' && quoted && i + 1 < _text.Length)
            {
                i++;
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '[')
            {
                _diagnostics.Add(new SplDiagnostic(i, 1, "subsearches ([...]) are not supported"));
            }
            else if (!quoted && c == '|')
            {
                segments.Add((start, i));
                start = i + 1;
            }
        }

        segments.Add((start, _text.Length));
        return segments;
    }

    /// <summary><c>eventtype=name</c> (wildcards allowed) becomes the OR of the named event types' searches.</summary>
    private SearchExpression ResolveEventType(string pattern, int position)
    {
        var types = _definitions?.EventTypes ?? new Dictionary<string, EventTypeDefinition>();
        var wildcard = new FieldPattern(pattern);
        var matches = types.Values.Where(t => wildcard.IsMatch(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        if (matches.Count == 0)
        {
            throw new SplSyntaxException(position, "eventtype".Length, $"unknown event type '{pattern}'");
        }

        if (_eventTypeDepth >= MaxEventTypeDepth)
        {
            throw new SplSyntaxException(position, "eventtype".Length, $"event type '{pattern}' refers to itself");
        }

        var alternatives = new List<SearchExpression>();
        _eventTypeDepth++;
        try
        {
            foreach (var type in matches)
            {
                var text = MacroExpander.Expand(type.Search, _definitions!);
                try
                {
                    var inner = new PipelineParser(text, _definitions) { _eventTypeDepth = _eventTypeDepth };
                    var (search, commands) = inner.Parse();
                    if (commands.Count > 0)
                    {
                        throw new SplSyntaxException(position, "eventtype".Length, $"event type '{type.Name}' has piped commands; an event type must be a plain search");
                    }

                    alternatives.Add(search);
                }
                catch (SplCompileException e)
                {
                    throw new SplSyntaxException(position, "eventtype".Length, $"in event type '{type.Name}': {string.Join("; ", e.Diagnostics.Select(d => d.Message))}");
                }
            }
        }
        finally
        {
            _eventTypeDepth--;
        }

        return alternatives.Count == 1 ? alternatives[0] : new OrExpression(alternatives);
    }
}
