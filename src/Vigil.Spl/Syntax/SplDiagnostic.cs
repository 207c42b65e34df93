namespace Vigil.Spl.Syntax;

/// <summary>
/// A problem in a search, at a character offset of a search text: the search as written for macro problems, the
/// macro-expanded search for everything else (<see cref="SourceText"/> says which, once known).
/// </summary>
public sealed record SplDiagnostic(int Position, int Length, string Message, string? SourceText = null)
{
    /// <summary>"column N: message" followed by the search and a caret under the spot.</summary>
    public string Render(string searchText)
    {
        var position = Math.Clamp(Position, 0, searchText.Length);
        const int Window = 60;
        var from = Math.Max(0, position - Window);
        var to = Math.Min(searchText.Length, position + Math.Max(1, Length) + Window);
        var excerpt = searchText[from..to].Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        var prefix = from > 0 ? "..." : string.Empty;
        var suffix = to < searchText.Length ? "..." : string.Empty;
        var caret = new string(' ', prefix.Length + position - from) + new string('^', Math.Max(1, Math.Min(Length, to - position)));
        return $"column {position + 1}: {Message}\n    {prefix}{excerpt}{suffix}\n    {caret}";
    }
}

/// <summary>Thrown while parsing one command; the pipeline parser turns it into a diagnostic and goes on.</summary>
public sealed class SplSyntaxException : Exception
{
    public SplSyntaxException(int position, int length, string message)
        : base(message)
    {
        Diagnostic = new SplDiagnostic(position, length, message);
    }

    public SplSyntaxException()
        : this(0, 0, "syntax error")
    {
    }

    public SplSyntaxException(string message)
        : this(0, 0, message)
    {
    }

    public SplSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Diagnostic = new SplDiagnostic(0, 0, message);
    }

    public SplDiagnostic Diagnostic { get; }
}

/// <summary>A search that cannot run: every diagnostic found, with the text they point into.</summary>
public sealed class SplCompileException : Exception
{
    public SplCompileException(string searchText, IReadOnlyList<SplDiagnostic> diagnostics)
        : base(string.Join("\n", diagnostics.Select(d => d.Render(d.SourceText ?? searchText))))
    {
        SearchText = searchText;
        Diagnostics = diagnostics;
    }

    public SplCompileException()
        : this(string.Empty, [])
    {
    }

    public SplCompileException(string message)
        : this(message, [])
    {
    }

    public SplCompileException(string message, Exception innerException)
        : base(message, innerException)
    {
        SearchText = string.Empty;
        Diagnostics = [];
    }

    public string SearchText { get; }

    public IReadOnlyList<SplDiagnostic> Diagnostics { get; }
}
