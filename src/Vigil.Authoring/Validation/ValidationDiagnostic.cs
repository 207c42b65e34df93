namespace Vigil.Authoring.Validation;

/// <summary>
/// How bad a finding is: an error fails validation (exit 1), a warning does not; info says what was not checked or
/// that Vigil cannot run the detection, which is no fault of the content.
/// </summary>
public enum ValidationSeverity
{
    Error,
    Warning,
    Info,
}

/// <summary>Which copy of the search an SPL column counts in.</summary>
public enum SplText
{
    /// <summary>The search as the YAML writes it (macro problems).</summary>
    AsWritten,

    /// <summary>The search after macro expansion (what the parser read).</summary>
    Expanded,
}

/// <summary>
/// One finding about one detection: the check's id, its severity, where (file, line, and for SPL problems the column
/// in the search), what, and the cause it is counted under in the summary.
/// </summary>
public sealed record ValidationDiagnostic(string Code, ValidationSeverity Severity, string File, int Line, string Message, string Cause)
{
    public int? SplColumn { get; init; }

    public SplText? SplColumnIn { get; init; }

    public string SeverityName => Severity.ToString().ToLowerInvariant();

    public override string ToString()
    {
        var column = SplColumn is { } c ? $" (SPL column {c}{(SplColumnIn == SplText.Expanded ? " of the expanded search" : string.Empty)})" : string.Empty;
        return $"{File}:{Line}: {SeverityName} {Code}: {Message}{column}";
    }
}
