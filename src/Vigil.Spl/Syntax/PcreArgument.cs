using System.Text.RegularExpressions;
using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>A regular expression written in a search (rex, regex, makemv, match(), replace() ...), compiled as PCRE.</summary>
internal static class PcreArgument
{
    /// <summary>Compiles the pattern; a pattern .NET cannot compile even translated is an error at its position.</summary>
    public static Regex Compile(string pattern, int position, int length)
    {
        try
        {
            return Pcre.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw new SplSyntaxException(position, Math.Max(1, length), $"invalid regular expression \"{pattern}\": {e.Message}", SplDiagnosticId.InvalidRegex, pattern);
        }
    }
}
