using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Knowledge.Fields;

/// <summary>
/// A knowledge step whose regular expression runs past its time on an event's text (<c>Pcre.Timeout</c>, 2 s): a
/// pattern that backtracks without end over one event must not end the hunt, nor cost 2 s on every event like it. The
/// step gives that event nothing (more); the first time is reported, and after <see cref="GiveUpAfter"/> times the step
/// is left out for the rest of the run, which is reported too.
/// </summary>
internal sealed class RegexTimeouts(string step, Action<string>? report)
{
    public const int GiveUpAfter = 3;

    private int _count;

    /// <summary>Whether the step was left out after <see cref="GiveUpAfter"/> timeouts.</summary>
    public bool GaveUp => Volatile.Read(ref _count) >= GiveUpAfter;

    /// <summary>Counts one timeout, saying what it meant for the event (<paramref name="outcome"/>) the first time.</summary>
    public void Add(RegexMatchTimeoutException e, string outcome)
    {
        var count = Interlocked.Increment(ref _count);
        if (count == 1)
        {
            report?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{step}: a regular expression ran past its {e.MatchTimeout.TotalSeconds:0.#} s on a text of {e.Input.Length} characters: {outcome}"));
        }
        else if (count == GiveUpAfter)
        {
            report?.Invoke($"{step}: left out for the rest of the run, after {GiveUpAfter} texts on which a regular expression ran past its time");
        }
    }
}
