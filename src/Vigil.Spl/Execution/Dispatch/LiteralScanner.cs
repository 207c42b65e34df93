namespace Vigil.Spl.Execution.Dispatch;

/// <summary>
/// Finds which of many literals a text contains, case-insensitively as <see cref="StringComparison.OrdinalIgnoreCase"/>
/// compares, in one pass over the text (an Aho-Corasick automaton compiled to a transition table once). Literals are
/// the safe ASCII text <see cref="Syntax.RawRequirement.IsSafeLiteral"/> allows; a text character folds to the ASCII
/// character it equals ignoring case (so U+0131 dotless i still matches "I", as OrdinalIgnoreCase has it) or to none.
/// </summary>
internal sealed class LiteralScanner
{
    // Text characters fold to a class: 0 for a character no literal holds, else one class per folded character in use.
    private static readonly char[] UpperFold = BuildUpperFold();

    // A state with literals ending in it is marked in the transitions leading to it, so that the scan looks up what it
    // found only there; states are numbered by their row's offset in the table, which saves a multiplication a character.
    private const int FoundMark = int.MinValue;

    private readonly byte[] _classOfFolded = new byte[128];
    private readonly byte[] _classOfChar = new byte[char.MaxValue + 1];
    private readonly int _classes;
    private readonly int[] _next;
    private readonly int[][] _found;

    public LiteralScanner(IReadOnlyList<string> literals)
    {
        Count = literals.Count;
        var used = new SortedSet<char>();
        foreach (var literal in literals)
        {
            if (literal.Length == 0 || literal.Any(c => c >= 128))
            {
                throw new ArgumentException($"not a non-empty ASCII literal: '{literal}'", nameof(literals));
            }

            foreach (var c in literal)
            {
                used.Add(UpperFold[c]);
            }
        }

        var classes = 1;
        foreach (var c in used)
        {
            _classOfFolded[c] = (byte)classes++;
        }

        _classes = classes;
        for (var c = 0; c <= char.MaxValue; c++)
        {
            _classOfChar[c] = _classOfFolded[UpperFold[c]];
        }

        // The trie first, states numbered as created; then failure links breadth first, folded into full transitions.
        var goTo = new List<int[]> { NewRow() };
        var output = new List<List<int>> { new() };
        for (var id = 0; id < literals.Count; id++)
        {
            var state = 0;
            foreach (var c in literals[id])
            {
                var cls = _classOfFolded[UpperFold[c]];
                if (goTo[state][cls] <= 0)
                {
                    goTo[state][cls] = goTo.Count;
                    goTo.Add(NewRow());
                    output.Add([]);
                }

                state = goTo[state][cls];
            }

            output[state].Add(id);
        }

        var fail = new int[goTo.Count];
        var queue = new Queue<int>();
        for (var cls = 0; cls < classes; cls++)
        {
            if (goTo[0][cls] > 0)
            {
                fail[goTo[0][cls]] = 0;
                queue.Enqueue(goTo[0][cls]);
            }
            else
            {
                goTo[0][cls] = 0;
            }
        }

        goTo[0][0] = 0;
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            output[state].AddRange(output[fail[state]]);
            for (var cls = 0; cls < classes; cls++)
            {
                var child = goTo[state][cls];
                if (cls != 0 && child > 0)
                {
                    fail[child] = goTo[fail[state]][cls];
                    queue.Enqueue(child);
                }
                else
                {
                    goTo[state][cls] = goTo[fail[state]][cls];
                }
            }
        }

        _next = new int[goTo.Count * classes];
        _found = new int[goTo.Count][];
        for (var state = 0; state < goTo.Count; state++)
        {
            for (var cls = 0; cls < classes; cls++)
            {
                var target = goTo[state][cls];
                _next[(state * classes) + cls] = (target * classes) | (output[target].Count > 0 ? FoundMark : 0);
            }

            _found[state] = output[state].Count == 0 ? [] : [.. output[state].Distinct()];
        }

        int[] NewRow() => new int[classes];
    }

    /// <summary>How many literals it looks for (their ids are 0 to Count - 1, in the order given).</summary>
    public int Count { get; }

    /// <summary>Calls <paramref name="found"/> with the id of each literal at each place it ends in the text.</summary>
    public void Scan<TState>(ReadOnlySpan<char> text, ref TState state, FoundLiteral<TState> found)
    {
        var next = _next;
        var classOf = _classOfChar;
        var current = 0;
        foreach (var c in text)
        {
            var transition = next[current + classOf[c]];
            current = transition & int.MaxValue;
            if (transition < 0)
            {
                foreach (var id in _found[current / _classes])
                {
                    found(ref state, id);
                }
            }
        }
    }

    private static char[] BuildUpperFold()
    {
        var fold = new char[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            // A character folds to the ASCII character OrdinalIgnoreCase holds it equal to, if any (U+017F long s,
            // whose upper case is S, is not equal to s under it).
            var upper = char.IsSurrogate((char)c) ? (char)c : char.ToUpperInvariant((char)c);
            fold[c] = upper < 128 && (c < 128 || string.Equals(((char)c).ToString(), upper.ToString(), StringComparison.OrdinalIgnoreCase)) ? upper : '\0';
        }

        // No literal holds NUL: a character folding to none must never advance the automaton.
        fold[0] = '\0';
        return fold;
    }
}

internal delegate void FoundLiteral<TState>(ref TState state, int literal);
