namespace Vigil.Spl.Values;

/// <summary>
/// A search value with <c>*</c> wildcards, matched whole and case-insensitively as Splunk's search command does.
/// Matching splits the pattern at its stars once, then walks the parts; no regular expression is built.
/// </summary>
public sealed class Wildcard
{
    private readonly string[] _parts;
    private readonly bool _anchoredStart;
    private readonly bool _anchoredEnd;

    private readonly StringComparison _comparison;

    public Wildcard(string pattern, bool caseSensitive = false)
    {
        _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        Pattern = pattern;
        HasWildcard = pattern.Contains('*', StringComparison.Ordinal);
        _parts = pattern.Split('*');
        _anchoredStart = !pattern.StartsWith('*');
        _anchoredEnd = !pattern.EndsWith('*');
        MatchesAnything = _parts.All(p => p.Length == 0);
    }

    public string Pattern { get; }

    public bool HasWildcard { get; }

    /// <summary>Only stars: matches any value (so only tests that the field exists).</summary>
    public bool MatchesAnything { get; }

    public bool IsMatch(ReadOnlySpan<char> value)
    {
        if (!HasWildcard)
        {
            return value.Equals(Pattern, _comparison);
        }

        if (MatchesAnything)
        {
            return true;
        }

        var first = _parts[0];
        var last = _parts[^1];
        if (value.Length < first.Length + last.Length
            || (_anchoredStart && !value.StartsWith(first, _comparison))
            || (_anchoredEnd && !value.EndsWith(last, _comparison)))
        {
            return false;
        }

        // With both ends fixed, the middle parts are found left to right, each as early as possible: that greedy
        // choice is always safe for '*'-only patterns.
        var rest = value[first.Length..(value.Length - last.Length)];
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var part = _parts[i];
            if (part.Length == 0)
            {
                continue;
            }

            var at = rest.IndexOf(part, _comparison);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + part.Length)..];
        }

        return true;
    }

    public override string ToString() => Pattern;
}
