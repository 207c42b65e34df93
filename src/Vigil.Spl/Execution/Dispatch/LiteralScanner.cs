using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // A state's number from its row's offset without a division (Mark runs on every character that ends a literal, and
    // short literals, a digit among them, end on many): the offset times the rounded-up reciprocal of the class count.
    private readonly ulong _perClass;
    private readonly int[] _next;
    private readonly int[][] _found;

    // Each state's depth: the length of the literal prefix it stands for.
    private readonly int[] _depth;

    // Four chains at once, each over a quarter of at least this many characters (a shorter text is scanned in one).
    private const int Lanes = 4;
    private const int MinimumLane = 16;

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
        _perClass = ((1UL << 32) + (ulong)classes - 1) / (ulong)classes;
        for (var c = 0; c <= char.MaxValue; c++)
        {
            _classOfChar[c] = _classOfFolded[UpperFold[c]];
        }

        // The trie first, states numbered as created; then failure links breadth first, folded into full transitions.
        var goTo = new List<int[]> { NewRow() };
        var output = new List<List<int>> { new() };
        var depth = new List<int> { 0 };
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
                    depth.Add(depth[state] + 1);
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
        _depth = [.. depth];
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

    /// <summary>Sets bit <c>id</c> of <paramref name="bits"/> (64 a word) for each literal <c>id</c> the text holds.</summary>
    public void Scan(ReadOnlySpan<char> text, Span<ulong> bits)
    {
        // Each character's step waits for the one before it (a table lookup from the state it left), so the text is
        // scanned as four quarters at once, four chains the processor works on side by side. A quarter's chain runs on
        // past its end only while a literal begun inside the quarter may still be under way (Overrun); one found twice
        // sets the same bit.
        var quarter = text.Length / Lanes;
        if (quarter < MinimumLane)
        {
            ScanFrom(0, text, bits);
            return;
        }

        // The table and class lookups go unchecked: a class is below the class count by construction, and a state is a
        // row's offset in the table, so every index is inside it.
        ref var next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref var classOf = ref MemoryMarshal.GetArrayDataReference(_classOfChar);
        ref var first = ref MemoryMarshal.GetReference(text);
        ref var second = ref Unsafe.Add(ref first, quarter);
        ref var third = ref Unsafe.Add(ref first, 2 * quarter);
        ref var fourth = ref Unsafe.Add(ref first, 3 * quarter);
        var (a, b, c, d) = (0, 0, 0, 0);
        for (var i = 0; i < quarter; i++)
        {
            var stepA = Unsafe.Add(ref next, a + Unsafe.Add(ref classOf, Unsafe.Add(ref first, i)));
            var stepB = Unsafe.Add(ref next, b + Unsafe.Add(ref classOf, Unsafe.Add(ref second, i)));
            var stepC = Unsafe.Add(ref next, c + Unsafe.Add(ref classOf, Unsafe.Add(ref third, i)));
            var stepD = Unsafe.Add(ref next, d + Unsafe.Add(ref classOf, Unsafe.Add(ref fourth, i)));
            a = stepA & int.MaxValue;
            b = stepB & int.MaxValue;
            c = stepC & int.MaxValue;
            d = stepD & int.MaxValue;
            if ((stepA | stepB | stepC | stepD) < 0)
            {
                MarkFound(stepA, bits);
                MarkFound(stepB, bits);
                MarkFound(stepC, bits);
                MarkFound(stepD, bits);
            }
        }

        Overrun(a, text[quarter..], bits);
        Overrun(b, text[(2 * quarter)..], bits);
        Overrun(c, text[(3 * quarter)..], bits);
        ScanFrom(d, text[(4 * quarter)..], bits);
    }

    /// <summary>
    /// Goes on from <paramref name="state"/> into the next quarter's text only as far as a literal that began before it
    /// may reach: once the state's depth (the longest literal prefix it has seen) is no more than the characters taken
    /// past the quarter's end, every literal still under way began inside the next quarter, whose own chain finds it.
    /// </summary>
    private void Overrun(int state, ReadOnlySpan<char> text, Span<ulong> bits)
    {
        ref var next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref var classOf = ref MemoryMarshal.GetArrayDataReference(_classOfChar);
        for (var taken = 0; taken < text.Length && _depth[StateNumber(state)] > taken; taken++)
        {
            var step = Unsafe.Add(ref next, state + Unsafe.Add(ref classOf, text[taken]));
            state = step & int.MaxValue;
            MarkFound(step, bits);
        }
    }

    private void ScanFrom(int state, ReadOnlySpan<char> text, Span<ulong> bits)
    {
        ref var next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref var classOf = ref MemoryMarshal.GetArrayDataReference(_classOfChar);
        foreach (var c in text)
        {
            var step = Unsafe.Add(ref next, state + Unsafe.Add(ref classOf, c));
            state = step & int.MaxValue;
            MarkFound(step, bits);
        }
    }

    /// <summary>Marks what the state a step leads to finds, when the step says it finds something.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkFound(int step, Span<ulong> bits)
    {
        if (step < 0)
        {
            Mark(step & int.MaxValue, bits);
        }
    }

    private void Mark(int state, Span<ulong> bits)
    {
        foreach (var id in _found[StateNumber(state)])
        {
            bits[id >> 6] |= 1UL << id;
        }
    }

    private int StateNumber(int offset) => (int)(((ulong)(uint)offset * _perClass) >> 32);

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
