namespace Vigil.Spl.Syntax;

/// <summary>What kind of refusal a diagnostic is: the id refusals are grouped and counted by.</summary>
public enum SplDiagnosticId
{
    /// <summary>SPL001: malformed SPL (a missing parenthesis, a value where a test belongs ...).</summary>
    SyntaxError = 1,

    /// <summary>SPL002: a macro that cannot expand (unclosed, refers to itself, malformed).</summary>
    MacroError = 2,

    /// <summary>SPL100: a command Vigil does not run.</summary>
    UnsupportedCommand = 100,

    /// <summary>SPL101: a generating command Vigil does not run.</summary>
    UnsupportedGeneratingCommand = 101,

    /// <summary>SPL102: an option or argument of a command Vigil does not support.</summary>
    UnsupportedOption = 102,

    /// <summary>SPL103: an eval function Vigil does not implement.</summary>
    UnsupportedFunction = 103,

    /// <summary>SPL104: a stats function Vigil does not implement.</summary>
    UnsupportedStatsFunction = 104,

    /// <summary>SPL105: a feature of the language Vigil does not run (an index other than risk, a time modifier where Splunk leaves its range open ...).</summary>
    UnsupportedFeature = 105,

    /// <summary>SPL200: a macro no content defines.</summary>
    UnknownMacro = 200,

    /// <summary>SPL201: an event type no knowledge defines.</summary>
    UnknownEventType = 201,

    /// <summary>SPL202: a data model or dataset no knowledge defines.</summary>
    UnknownDataModel = 202,

    /// <summary>SPL203: a lookup no content or knowledge defines, or one Vigil cannot read.</summary>
    UnknownLookup = 203,

    /// <summary>SPL300: a regular expression .NET cannot compile even after PCRE translation.</summary>
    InvalidRegex = 300,
}

/// <summary>
/// A problem in a search, at a character offset of a search text: the search as written for macro problems, the
/// macro-expanded search for everything else (<see cref="SourceText"/> says which, once known). Every refusal has an
/// <see cref="Id"/> and names the construct refused (<see cref="Subject"/>: the command, function or option), so that
/// refusals can be grouped and no two messages for one cause differ.
/// </summary>
public sealed record SplDiagnostic(int Position, int Length, string Message, string? SourceText = null)
{
    public SplDiagnosticId Id { get; init; } = SplDiagnosticId.SyntaxError;

    /// <summary>The construct named (a command, function, option, macro ...), when there is one.</summary>
    public string? Subject { get; init; }

    /// <summary>The id as written in reports: SPL001, SPL100 ...</summary>
    public string Code => $"SPL{(int)Id:D3}";

    /// <summary>What refusals are grouped by: the id and the construct, as a short sentence.</summary>
    public string Cause => Subject is null ? Id.ToString() : $"{Describe(Id)} '{Subject}'";

    private static string Describe(SplDiagnosticId id) => id switch
    {
        SplDiagnosticId.UnsupportedCommand => "unsupported command",
        SplDiagnosticId.UnsupportedGeneratingCommand => "unsupported generating command",
        SplDiagnosticId.UnsupportedOption => "unsupported option",
        SplDiagnosticId.UnsupportedFunction => "unsupported eval function",
        SplDiagnosticId.UnsupportedStatsFunction => "unsupported stats function",
        SplDiagnosticId.UnsupportedFeature => "unsupported",
        SplDiagnosticId.UnknownMacro => "unknown macro",
        SplDiagnosticId.UnknownEventType => "unknown event type",
        SplDiagnosticId.UnknownDataModel => "unknown data model",
        SplDiagnosticId.UnknownLookup => "unknown lookup",
        SplDiagnosticId.InvalidRegex => "invalid regular expression",
        SplDiagnosticId.MacroError => "macro error",
        _ => "syntax error",
    };

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
        // Every diagnostic on a search is an error: the search does not run.
        return $"column {position + 1}: {Message} [error {Code}]\n    {prefix}{excerpt}{suffix}\n    {caret}";
    }
}

/// <summary>Thrown while parsing one command; the pipeline parser turns it into a diagnostic and goes on.</summary>
public sealed class SplSyntaxException : Exception
{
    public SplSyntaxException(int position, int length, string message, SplDiagnosticId id = SplDiagnosticId.SyntaxError, string? subject = null)
        : base(message)
    {
        Diagnostic = new SplDiagnostic(position, length, message) { Id = id, Subject = subject };
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
