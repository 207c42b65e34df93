namespace Vigil.Spl.Values;

/// <summary>
/// A search value with <c>*</c> wildcards, matched whole and case-insensitively as Splunk's search command does.
/// The stars are found once and matching walks the parts between them; no regular expression is built. The parts are
/// ranges of the pattern, not strings of their own: a lookup table holds one of these per row (ESCU's dynamic DNS table
/// 92,000), so each is one object.
/// </summary>
public sealed class Wildcard
{
    // The first and last star (-1 when none), and the stars between them when there are any.
    private readonly int _firstStar;
    private readonly int _lastStar;
    private readonly int[]? _innerStars;

    private readonly StringComparison _comparison;

    public Wildcard(string pattern, bool caseSensitive = false)
    {
        _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        Pattern = pattern;
        _firstStar = pattern.IndexOf('*', StringComparison.Ordinal);
        _lastStar = pattern.LastIndexOf('*');
        HasWildcard = _firstStar >= 0;
        if (_lastStar > _firstStar && pattern.AsSpan(_firstStar + 1, _lastStar - _firstStar - 1).Contains('*'))
        {
            var inner = new List<int>();
            for (var i = _firstStar + 1; i < _lastStar; i++)
            {
                if (pattern[i] == '*')
                {
                    inner.Add(i);
                }
            }

            _innerStars = [.. inner];
        }

        MatchesAnything = HasWildcard && !pattern.AsSpan().ContainsAnyExcept('*');
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

        var first = Pattern.AsSpan(0, _firstStar);
        var last = Pattern.AsSpan(_lastStar + 1);
        if (value.Length < first.Length + last.Length
            || !value.StartsWith(first, _comparison)
            || !value.EndsWith(last, _comparison))
        {
            return false;
        }

        // With both ends fixed, the middle parts are found left to right, each as early as possible: that greedy
        // choice is always safe for '*'-only patterns.
        var rest = value[first.Length..(value.Length - last.Length)];
        var from = _firstStar;
        if (_innerStars is not null)
        {
            foreach (var star in _innerStars)
            {
                if (!Skip(ref rest, from, star))
                {
                    return false;
                }

                from = star;
            }
        }

        return Skip(ref rest, from, _lastStar);
    }

    public override string ToString() => Pattern;

    /// <summary>Finds the part between two stars in <paramref name="rest"/> and moves past it; false when it is not there.</summary>
    private bool Skip(ref ReadOnlySpan<char> rest, int star, int nextStar)
    {
        if (nextStar - star <= 1)
        {
            return true;
        }

        var part = Pattern.AsSpan(star + 1, nextStar - star - 1);

        var at = rest.IndexOf(part, _comparison);
        if (at < 0)
        {
            return false;
        }

        rest = rest[(at + part.Length)..];
        return true;
    }
}
