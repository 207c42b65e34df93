using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Vigil.Spl.Values;

/// <summary>
/// A regular expression that starts interpreted and is compiled to IL once it has been used often: content holds
/// thousands of expressions, most used on a few events (compiling them all would cost seconds at start), while the few
/// run on every event (data model calculations, add-on extractions) are worth compiling. <see cref="IsMatch"/> over
/// long texts moves on to a linear-time twin (<see cref="RegexOptions.NonBacktracking"/>) once the expression has read
/// them long enough. Behaviour is the same either way; only speed differs. Not thread-safe beyond this: two threads may
/// both compile, and either result is right; <see cref="IsMatch"/>'s remembered answers are written whole, so a thread
/// reads an answer with its own text.
/// </summary>
public sealed class TieredRegex
{
    private const int UsesBeforeCompiling = 256;
    private const int LongestRemembered = 64;
    private const int MissesBeforeGivingUp = 1024;

    // How long the backtracking engine runs IsMatch over long texts before the linear twin is built: about what
    // building one costs, so an expression never pays much more than twice what the better engine would have. ESCU's
    // PowerShell hunting evals test script blocks (thousands of characters) against alternations of a hundred
    // case-insensitive words: the backtracking engine tries every alternative at nearly every position (18 to 52 ns a
    // character interpreted, as the native build runs it; 2 to 7 compiled), the linear one reads each character once
    // through its automaton (1 to 6 ns). An expression the backtracking engine runs fast (a literal word, found by a
    // vectorized search) seldom spends this long, and keeps it.
    private static readonly long DefaultBacktrackingBeforeLinear = Stopwatch.Frequency / 500;

    // Marks an expression that has no linear twin.
    private static readonly Regex Unsupported = new("(?!)", RegexOptions.None);

    private readonly long _backtrackingBeforeLinear;
    private Regex _regex;
    private int _uses;

    // The linear twin for IsMatch over long texts: null until built; Unsupported when the pattern needs backtracking
    // (backreferences, lookarounds, atomic groups, conditionals).
    private Regex? _linear;

    // Stopwatch ticks the backtracking engine has spent on long texts.
    private long _backtracking;

    // IsMatch's answers for short texts, by the text's hash: made at the first call (most expressions never get one).
    private Answer?[]? _remembered;
    private bool _gaveUp;
    private int _hits;
    private int _misses;

    public TieredRegex(Regex regex)
        : this(regex, DefaultBacktrackingBeforeLinear)
    {
    }

    /// <param name="backtrackingBeforeLinear">Stopwatch ticks of IsMatch over long texts before the twin is built (0: at the first).</param>
    internal TieredRegex(Regex regex, long backtrackingBeforeLinear)
    {
        _regex = regex;
        _backtrackingBeforeLinear = backtrackingBeforeLinear;
    }

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

    /// <summary>Whether long texts are now answered by the linear twin.</summary>
    internal bool HasLinearTwin => _linear is { } linear && !ReferenceEquals(linear, Unsupported);

    /// <summary>
    /// Whether the expression matches somewhere in the text. Short texts' answers are remembered: the tests evals run
    /// on every event mostly read fields of few values (an audit keyword, an integrity label), where a lookup costs
    /// less than running the expression (interpreted, in the native build). An expression whose texts seldom repeat
    /// stops remembering.
    /// </summary>
    public bool IsMatch(string text)
    {
        if (text.Length > LongestRemembered)
        {
            return LongIsMatch(text);
        }

        if (_gaveUp)
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

    /// <summary>
    /// Whether the expression matches somewhere in a long text: by the linear twin once the backtracking engine has
    /// spent long enough on long texts. Whether a match exists does not depend on the engine (the two differ only in
    /// which match they report and in the constructs they accept), so the answer is the same, whenever the twin comes.
    /// </summary>
    private bool LongIsMatch(string text)
    {
        var linear = _linear;
        if (linear is null && _backtracking >= _backtrackingBeforeLinear)
        {
            // Racy, read and written by several threads without a lock: at worst the twin is built a little late or twice.
            _linear = linear = LinearTwin(_regex);
        }

        if (linear is not null)
        {
            return ReferenceEquals(linear, Unsupported) ? Regex.IsMatch(text) : linear.IsMatch(text);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return Regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            // The backtracking engine ran out of time on this text (ESCU's log4j pattern over a script block of 13,000
            // characters: half a second here, past the timeout on a busy machine). The twin answers the same in one
            // reading; an expression without one has no better answer, and the timeout stands as its error.
            _linear = linear = LinearTwin(_regex);
            if (ReferenceEquals(linear, Unsupported))
            {
                throw;
            }

            return linear.IsMatch(text);
        }
        finally
        {
            _backtracking += Stopwatch.GetTimestamp() - started;
        }
    }

    private static Regex LinearTwin(Regex regex)
    {
        try
        {
            // No timeout: the twin reads each character once, so its time is bounded by the text's length (and texts
            // by the readers' limits), and a busy machine must not turn its answer into an error.
            var options = (regex.Options & ~RegexOptions.Compiled) | RegexOptions.NonBacktracking;
            return new Regex(regex.ToString(), options, Regex.InfiniteMatchTimeout);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            return Unsupported;
        }
    }

    // Written to a slot whole, so a thread reading the slot sees a text with its own answer.
    private sealed record Answer(string Text, bool Matched);
}
