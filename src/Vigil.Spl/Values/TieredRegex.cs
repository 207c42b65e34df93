using System.Text.RegularExpressions;

namespace Vigil.Spl.Values;

/// <summary>
/// A regular expression that starts interpreted and is compiled to IL once it has been used often: content holds
/// thousands of expressions, most used on a few events (compiling them all would cost seconds at start), while the few
/// run on every event (data model calculations, add-on extractions) are worth compiling. Behaviour is the same either
/// way; only speed differs. Not thread-safe beyond this: two threads may both compile, and either result is right.
/// </summary>
public sealed class TieredRegex(Regex regex)
{
    private const int UsesBeforeCompiling = 256;

    private Regex _regex = regex;
    private int _uses;

    /// <summary>The expression to use now (the compiled one once it has been used often enough).</summary>
    public Regex Regex
    {
        get
        {
            if (_uses < UsesBeforeCompiling && ++_uses == UsesBeforeCompiling && (_regex.Options & RegexOptions.Compiled) == 0)
            {
                _regex = new Regex(_regex.ToString(), _regex.Options | RegexOptions.Compiled, _regex.MatchTimeout);
            }

            return _regex;
        }
    }
}
