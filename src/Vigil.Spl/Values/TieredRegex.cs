using System.Text.RegularExpressions;

namespace Vigil.Spl.Values;

/// <summary>
/// A regular expression that starts interpreted and is compiled to IL once it has been used often: content holds
/// thousands of expressions, most used on a few events (compiling them all would cost seconds at start), while the few
/// run on every event (data model calculations, add-on extractions) are worth compiling. Behaviour is the same either
/// way; only speed differs. Not thread-safe beyond this: two threads may both compile, and either result is right;
/// <see cref="IsMatch"/>'s remembered answers are written whole, so a thread reads an answer with its own text.
/// </summary>
public sealed class TieredRegex(Regex regex)
{
    private const int UsesBeforeCompiling = 256;
    private const int LongestRemembered = 64;
    private const int MissesBeforeGivingUp = 1024;

    private Regex _regex = regex;
    private int _uses;

    // IsMatch's answers for short texts, by the text's hash: made at the first call (most expressions never get one).
    private Answer?[]? _remembered;
    private bool _gaveUp;
    private int _hits;
    private int _misses;

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

    /// <summary>
    /// Whether the expression matches somewhere in the text. Short texts' answers are remembered: the tests evals run
    /// on every event mostly read fields of few values (an audit keyword, an integrity label), where a lookup costs
    /// less than running the expression (interpreted, in the native build). An expression whose texts seldom repeat
    /// stops remembering.
    /// </summary>
    public bool IsMatch(string text)
    {
        if (_gaveUp || text.Length > LongestRemembered)
        {
            return Regex.IsMatch(text);
        }

        var remembered = _remembered ??= new Answer?[64];
        var slot = text.GetHashCode(StringComparison.Ordinal) & (remembered.Length - 1);
        if (remembered[slot] is { } answer && string.Equals(answer.Text, text, StringComparison.Ordinal))
        {
            _hits++;
            return answer.Matched;
        }

        var matched = Regex.IsMatch(text);
        remembered[slot] = new Answer(text, matched);
        if (++_misses == MissesBeforeGivingUp && _hits < _misses)
        {
            // Racy counts, read by other threads without a lock: at worst it gives up a little early or late.
            _gaveUp = true;
        }

        return matched;
    }

    // Written to a slot whole, so a thread reading the slot sees a text with its own answer.
    private sealed record Answer(string Text, bool Matched);
}
