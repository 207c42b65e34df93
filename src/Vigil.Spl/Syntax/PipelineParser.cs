using Vigil.Spl.Commands;
using Vigil.Spl.Execution;

namespace Vigil.Spl.Syntax;

/// <summary>
/// Splits a (macro-expanded) search at its top-level pipes and parses each command. A command that fails to parse is
/// recorded and parsing goes on with the next, so one run reports every problem, each with its position. Square
/// brackets outside quotes hold subsearches: the pipes inside them belong to the subsearch, which is parsed as a
/// search of its own (with positions in the same text) by the command or search term it stands in.
/// </summary>
internal sealed class PipelineParser
{
    /// <summary>
    /// Splunk's generating commands: a subsearch may start with one without a leading pipe (<c>[inputlookup x]</c>).
    /// Those Vigil does not run are listed so that they are refused by name rather than searched for as terms.
    /// </summary>
    private static readonly HashSet<string> SplunkGeneratingCommands = new(StringComparer.Ordinal)
    {
        "datamodel", "dbinspect", "eventcount", "from", "gentimes", "inputcsv", "inputintelligence", "inputlookup", "loadjob",
        "makeresults", "mcatalog", "metadata", "metasearch", "mpreview", "mstats", "multisearch", "pivot", "rest",
        "savedsearch", "searchtxn", "set", "tstats", "union",
    };

    private readonly string _text;
    private readonly int _start;
    private readonly int _end;
    private readonly SearchScope _scope;
    private readonly bool _isSubsearch;
    private readonly List<SplDiagnostic> _diagnostics = [];

    public PipelineParser(string text, SearchScope scope)
        : this(text, 0, text.Length, scope, isSubsearch: false)
    {
    }

    private PipelineParser(string text, int start, int end, SearchScope scope, bool isSubsearch)
    {
        _text = text;
        _start = start;
        _end = end;
        _scope = scope;
        _isSubsearch = isSubsearch;
    }

    public (SplGenerator Generator, IReadOnlyList<SplCommand> Commands) Parse()
    {
        var segments = SplitTopLevel(_text, _start, _end, _diagnostics, allowSubsearches: true);
        SplGenerator generator = new EventSearch(_start, MatchAllExpression.Instance);
        var commands = new List<SplCommand>();
        var (start, end) = segments[0];
        var leadingPipe = segments.Count > 1 && new TextCursor(_text, start, end).AtEnd;
        var first = leadingPipe ? 2 : 1;
        Collect(() =>
        {
            var cursor = new TextCursor(_text, start, end);
            if (leadingPipe)
            {
                // A search that starts with a pipe starts with a generating command.
                generator = ParseGenerator(segments[1]);
            }
            else if (_isSubsearch && cursor.AtEnd)
            {
                throw new SplSyntaxException(Math.Max(0, start - 1), 1, "empty subsearch");
            }
            else if (_isSubsearch && StartsWithGeneratingCommand(cursor))
            {
                generator = ParseGenerator(segments[0]);
            }
            else
            {
                cursor.TryKeyword("search");
                generator = new EventSearch(start, new SearchParser(cursor, _scope, timeModifiers: true).ParseAll());
            }
        });

        for (var i = first; i < segments.Count; i++)
        {
            var segment = segments[i];
            Collect(() => commands.Add(ParseCommand(segment)));
        }

        if (_diagnostics.Count > 0)
        {
            // An unclosed bracket is seen both when splitting and when its command reads it: report it once.
            throw new SplCompileException(_text, _diagnostics.Distinct().ToList());
        }

        return (generator, commands);
    }

    /// <summary>
    /// Parses the subsearch at the cursor (<c>[ ... ]</c>) into a pipeline of its own and moves past it. Its problems
    /// come out together as an <see cref="SplCompileException"/>.
    /// </summary>
    public static SplPipeline ParseSubsearch(TextCursor cursor, SearchScope scope)
    {
        var (open, close) = ExpectBrackets(cursor);
        var (generator, commands) = new PipelineParser(cursor.Text, open + 1, close, scope, isSubsearch: true).Parse();
        cursor.Position = close + 1;
        return SplPipeline.FromParts(cursor.Text, generator, commands);
    }

    /// <summary>
    /// Parses the commands in square brackets at the cursor (appendpipe's subpipeline: <c>[| stats ... | eval ...]</c>,
    /// the leading pipe optional) and moves past them.
    /// </summary>
    public static IReadOnlyList<SplCommand> ParseSubpipeline(TextCursor cursor, SearchScope scope, string command)
    {
        var (open, close) = ExpectBrackets(cursor);
        var parser = new PipelineParser(cursor.Text, open + 1, close, scope, isSubsearch: true);
        var segments = SplitTopLevel(cursor.Text, open + 1, close, parser._diagnostics, allowSubsearches: true);
        if (segments.Count > 1 && new TextCursor(cursor.Text, segments[0].Start, segments[0].End).AtEnd)
        {
            segments.RemoveAt(0);
        }

        var commands = new List<SplCommand>();
        if (segments.Count == 1 && new TextCursor(cursor.Text, segments[0].Start, segments[0].End).AtEnd)
        {
            parser._diagnostics.Add(new SplDiagnostic(open, 1, $"{command} needs commands between its brackets"));
        }
        else
        {
            foreach (var segment in segments)
            {
                parser.Collect(() => commands.Add(parser.ParseCommand(segment)));
            }
        }

        if (parser._diagnostics.Count > 0)
        {
            throw new SplCompileException(cursor.Text, parser._diagnostics.Distinct().ToList());
        }

        cursor.Position = close + 1;
        return commands;
    }

    /// <summary>The text between the square brackets at the cursor (foreach's template), moving past them.</summary>
    public static (int Start, int End) ReadBracketed(TextCursor cursor)
    {
        var (open, close) = ExpectBrackets(cursor);
        cursor.Position = close + 1;
        return (open + 1, close);
    }

    private static (int Open, int Close) ExpectBrackets(TextCursor cursor)
    {
        cursor.SkipWhitespace();
        if (cursor.Peek() != '[')
        {
            throw cursor.Error("expected a subsearch in square brackets");
        }

        var open = cursor.Position;
        var close = Brackets.FindClose(cursor.Text, open, cursor.End);
        return close < 0 ? throw new SplSyntaxException(open, 1, "unclosed '[': the subsearch has no ']'") : (open, close);
    }

    /// <summary>Runs one parse step, recording its problems and going on.</summary>
    private void Collect(Action parse)
    {
        try
        {
            parse();
        }
        catch (SplSyntaxException e)
        {
            _diagnostics.Add(e.Diagnostic);
        }
        catch (SplCompileException e)
        {
            // A subsearch's own problems, already positioned in the whole text.
            _diagnostics.AddRange(e.Diagnostics);
        }
    }

    private static bool StartsWithGeneratingCommand(TextCursor cursor)
    {
        var saved = cursor.Position;
        var name = cursor.TryName();
        var isCommand = name is not null && !name.Equals("search", StringComparison.OrdinalIgnoreCase) && cursor.Peek() != '='
            && (CommandCatalog.FindGenerator(name.ToLowerInvariant()) is not null || SplunkGeneratingCommands.Contains(name.ToLowerInvariant()));
        cursor.Position = saved;
        return isCommand;
    }

    private SplGenerator ParseGenerator((int Start, int End) segment)
    {
        var cursor = new TextCursor(_text, segment.Start, segment.End);
        cursor.SkipWhitespace();
        var position = cursor.Position;
        var name = cursor.TryName() ?? throw cursor.Error("expected a generating command after the leading '|'");
        var syntax = CommandCatalog.FindGenerator(name.ToLowerInvariant())
            ?? throw new SplSyntaxException(position, name.Length, CommandCatalog.FindCommand(name.ToLowerInvariant()) is not null
                ? $"'{name}' is not a generating command: a search that starts with '|' needs one ({string.Join(", ", CommandCatalog.GeneratorNames)})"
                : $"unsupported generating command '{name}' (Vigil runs: {string.Join(", ", CommandCatalog.GeneratorNames)})",
                SplDiagnosticId.UnsupportedGeneratingCommand, name.ToLowerInvariant());
        return syntax.Parse(new CommandSite(name, position, cursor, _scope));
    }

    private SplCommand ParseCommand((int Start, int End) segment)
    {
        var cursor = new TextCursor(_text, segment.Start, segment.End);
        cursor.SkipWhitespace();
        var position = cursor.Position;
        var name = cursor.TryName();
        if (name is null)
        {
            throw cursor.Position >= segment.End
                ? new SplSyntaxException(Math.Max(0, segment.Start - 1), 1, "empty command after '|'")
                : cursor.Error("expected a command name");
        }

        var syntax = CommandCatalog.FindCommand(name.ToLowerInvariant())
            ?? throw new SplSyntaxException(position, name.Length, CommandCatalog.FindGenerator(name.ToLowerInvariant()) is not null
                ? $"'{name}' is a generating command: it starts a search, after a leading '|'"
                : $"unsupported command '{name}' (Vigil runs: {string.Join(", ", CommandCatalog.CommandNames)})",
                SplDiagnosticId.UnsupportedCommand, name.ToLowerInvariant());
        return syntax.Parse(new CommandSite(name, position, cursor, _scope));
    }

    /// <summary>
    /// Top-level pipes: not inside double quotes nor inside square brackets (subsearches), whose own quotes count
    /// too, so a bracket inside a quoted string (a regular expression's <c>[0-9]</c>) is text. An unterminated quote
    /// is left for the command parser to report, with its position; unbalanced brackets are reported here.
    /// </summary>
    public static List<(int Start, int End)> SplitTopLevel(string text, int start, int end, List<SplDiagnostic> diagnostics, bool allowSubsearches)
    {
        var segments = new List<(int, int)>();
        var segmentStart = start;
        var quoted = false;
        var open = new Stack<int>();
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < end && (quoted || text[i + 1] == '|'))
            {
                // An escaped pipe (\|) is text, not a command boundary.
                i++;
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '[')
            {
                if (!allowSubsearches && open.Count == 0)
                {
                    diagnostics.Add(new SplDiagnostic(i, 1, "a subsearch ([...]) cannot stand here: event types and data model constraints are plain searches") { Id = SplDiagnosticId.UnsupportedFeature, Subject = "subsearch in a plain search" });
                }

                open.Push(i);
            }
            else if (c == ']')
            {
                if (open.Count == 0)
                {
                    diagnostics.Add(new SplDiagnostic(i, 1, "unbalanced ']'"));
                    continue;
                }

                open.Pop();
            }
            else if (c == '|' && open.Count == 0)
            {
                segments.Add((segmentStart, i));
                segmentStart = i + 1;
            }
        }

        if (!quoted && open.Count > 0)
        {
            diagnostics.Add(new SplDiagnostic(open.Last(), 1, "unclosed '[': the subsearch has no ']'"));
        }

        segments.Add((segmentStart, end));
        return segments;
    }

}

/// <summary>Parses a plain search with no commands: an event type's search, a data model constraint.</summary>
internal static class SearchConditionParser
{
    public static SearchExpression Parse(string text, SearchScope scope)
    {
        var diagnostics = new List<SplDiagnostic>();
        var segments = PipelineParser.SplitTopLevel(text, 0, text.Length, diagnostics, allowSubsearches: false);
        if (segments.Count > 1)
        {
            diagnostics.Add(new SplDiagnostic(segments[0].End, 1, "a plain search is needed here, without piped commands"));
        }

        if (diagnostics.Count > 0)
        {
            throw new SplCompileException(text, diagnostics);
        }

        try
        {
            var cursor = new TextCursor(text, 0, text.Length);
            cursor.TryKeyword("search");
            return new SearchParser(cursor, scope).ParseAll();
        }
        catch (SplSyntaxException e)
        {
            throw new SplCompileException(text, [e.Diagnostic]);
        }
    }
}
