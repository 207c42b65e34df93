namespace Vigil.Spl.Syntax;

/// <summary>
/// Bounds how deeply a search may nest (parentheses, NOT, unary signs, function calls, subsearches, across the search
/// and eval parsers): each level costs the recursive-descent parsers stack, and a stack overflow ends the process,
/// past any handler (found by testing: 50,000 parentheses). Splunk's own searches nest a few levels.
/// </summary>
internal static class NestingGuard
{
    public const int MaxDepth = 200;

    [ThreadStatic]
    private static int _depth;

    /// <summary>Runs one level deeper; an <see cref="SplSyntaxException"/> at <paramref name="position"/> past the limit.</summary>
    public static T Nested<T>(int position, Func<T> parse)
    {
        if (_depth >= MaxDepth)
        {
            throw new SplSyntaxException(position, 1, $"the search nests deeper than {MaxDepth} levels (parentheses, NOT, signs, calls or subsearches)");
        }

        _depth++;
        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }
}
