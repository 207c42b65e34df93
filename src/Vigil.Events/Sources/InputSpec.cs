namespace Vigil.Events.Sources;

/// <summary>
/// One input as a user names it: a file or directory, and optionally the sourcetype its events take, written
/// <c>PATH::SOURCETYPE</c> (Splunk's <c>sourcetype::</c> notation). A declared sourcetype replaces the one the reader
/// gives (as an input's <c>sourcetype =</c> does in Splunk), and lets Vigil read key=value text, which cannot be told
/// from its content.
/// </summary>
public sealed record InputSpec(string Path, string? Sourcetype)
{
    private const string Separator = "::";

    /// <summary>
    /// Reads an input argument. A path that exists is taken whole, so a file whose name holds "::" still reads; otherwise
    /// the text after the last "::" is the sourcetype.
    /// </summary>
    public static InputSpec Parse(string argument)
    {
        var at = argument.LastIndexOf(Separator, StringComparison.Ordinal);
        if (at < 0 || File.Exists(argument) || Directory.Exists(argument))
        {
            return new InputSpec(argument, null);
        }

        return new InputSpec(argument[..at], argument[(at + Separator.Length)..]);
    }

    /// <summary>Why the argument cannot be an input, or null: the path must exist and a declared sourcetype not be empty.</summary>
    public string? Problem()
    {
        if (Sourcetype is { } sourcetype && (sourcetype.Trim().Length == 0 || sourcetype.Trim() != sourcetype))
        {
            return $"{this}: the sourcetype after '::' is empty or has spaces around it";
        }

        return File.Exists(Path) || Directory.Exists(Path) ? null : $"{Path}: no such file or directory";
    }

    public override string ToString() => Sourcetype is null ? Path : Path + Separator + Sourcetype;
}

/// <summary>A file to read and the input it came from (a file below a directory input takes that input's sourcetype).</summary>
public sealed record InputFile(string Path, InputSpec Input);
