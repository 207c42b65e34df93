using Vigil.Spl.Commands;
using Vigil.Spl.Execution;

namespace Vigil.Spl.Syntax;

/// <summary>
/// Splits a (macro-expanded) search at its top-level pipes and parses each command. A command that fails to parse is
/// recorded and parsing goes on with the next, so one run reports every problem, each with its position.
/// </summary>
internal sealed class PipelineParser
{
    private readonly string _text;
    private readonly SearchScope _scope;
    private readonly List<SplDiagnostic> _diagnostics = [];

    public PipelineParser(string text, SearchScope scope)
    {
        _text = text;
        _scope = scope;
    }

    public (SplGenerator Generator, IReadOnlyList<SplCommand> Commands) Parse()
    {
        var segments = SplitTopLevel(_text, _diagnostics);
        SplGenerator generator = new EventSearch(0, MatchAllExpression.Instance);
        var commands = new List<SplCommand>();
        var first = 1;
        try
        {
            var (start, end) = segments[0];
            var cursor = new TextCursor(_text, start, end);
            if (cursor.AtEnd && segments.Count > 1)
            {
                // A search that starts with a pipe starts with a generating command.
                generator = ParseGenerator(segments[1]);
                first = 2;
            }
            else
            {
                cursor.TryKeyword("search");
                generator = new EventSearch(start, new SearchParser(cursor, _scope).ParseAll());
            }
        }
        catch (SplSyntaxException e)
        {
            _diagnostics.Add(e.Diagnostic);
            first = Math.Max(first, segments.Count > 1 && new TextCursor(_text, segments[0].Start, segments[0].End).AtEnd ? 2 : 1);
        }

        for (var i = first; i < segments.Count; i++)
        {
            try
            {
                commands.Add(ParseCommand(segments[i]));
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

        return (generator, commands);
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
    /// Top-level pipes: not inside double quotes. Square brackets (subsearches) are refused. An unterminated quote is
    /// left for the command parser to report, with its position.
    /// </summary>
    public static List<(int Start, int End)> SplitTopLevel(string text, List<SplDiagnostic> diagnostics)
    {
        var segments = new List<(int, int)>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && (quoted || text[i + 1] == '|'))
            {
                // An escaped pipe (\|) is text, not a command boundary.
                i++;
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '[')
            {
                diagnostics.Add(new SplDiagnostic(i, 1, "subsearches ([...]) are not supported") { Id = SplDiagnosticId.UnsupportedFeature, Subject = "subsearch" });
            }
            else if (!quoted && c == '|')
            {
                segments.Add((start, i));
                start = i + 1;
            }
        }

        segments.Add((start, text.Length));
        return segments;
    }
}

/// <summary>Parses a plain search with no commands: an event type's search, a data model constraint.</summary>
internal static class SearchConditionParser
{
    public static SearchExpression Parse(string text, SearchScope scope)
    {
        var diagnostics = new List<SplDiagnostic>();
        var segments = PipelineParser.SplitTopLevel(text, diagnostics);
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
