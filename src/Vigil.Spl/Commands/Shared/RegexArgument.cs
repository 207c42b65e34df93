using System.Text.RegularExpressions;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Shared;

/// <summary>A regular expression written in a command (rex, regex, makemv tokenizer=), compiled as PCRE.</summary>
internal static class RegexArgument
{
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
