namespace Vigil.Spl.Lookups;

/// <summary>
/// Which rows of a wildcard column could match a value, so a lookup tests those rather than every row: ESCU's
/// dynamic_dns_providers_default has 92,000 patterns such as <c>*.ddns.net*</c>, and a hunt looks up every DNS query
/// it groups. Each row's pattern is filed under the rarest three-character run of its literal parts (the text between
/// its stars), which every value the pattern matches holds; a value's candidates are the rows filed under the runs it
/// holds, and the rows no run could file (literal parts shorter than three characters, or not ASCII). Runs are ASCII,
/// case folded unless the table is case-sensitive: a case-insensitive comparison takes no character outside ASCII for
/// one inside it (a test checks every character), so a value's run with such a character files no pattern's run.
/// </summary>
internal sealed class WildcardIndex
{
    private const int NoRun = -1;

    private readonly Dictionary<int, int[]> _byRun;
    private readonly int[] _everywhere;
    private readonly bool _caseSensitive;

    private WildcardIndex(Dictionary<int, int[]> byRun, int[] everywhere, bool caseSensitive)
    {
        _byRun = byRun;
        _everywhere = everywhere;
        _caseSensitive = caseSensitive;
    }

    /// <summary>How many rows are tested whatever the value.</summary>
    public int Unfiled => _everywhere.Length;

    public static WildcardIndex Build(IReadOnlyList<string[]> rows, int column, bool caseSensitive)
    {
        // Two walks over the patterns rather than every row's runs kept between them: a table may have 92,000 rows.
        var frequency = new Dictionary<int, int>();
        var runs = new HashSet<int>();
        for (var row = 0; row < rows.Count; row++)
        {
            RunsOf(rows[row][column], caseSensitive, runs);
            foreach (var run in runs)
            {
                frequency[run] = frequency.GetValueOrDefault(run) + 1;
            }
        }

        var filed = new Dictionary<int, List<int>>();
        var everywhere = new List<int>();
        for (var row = 0; row < rows.Count; row++)
        {
            // An empty pattern matches nothing; a row of several runs goes under the one fewest rows share.
            var pattern = rows[row][column];
            if (pattern.Length == 0)
            {
                continue;
            }

            RunsOf(pattern, caseSensitive, runs);
            if (runs.Count == 0)
            {
                everywhere.Add(row);
                continue;
            }

            var rarest = runs.MinBy(run => (frequency[run], run));
            if (!filed.TryGetValue(rarest, out var list))
            {
                filed[rarest] = list = [];
            }

            list.Add(row);
        }

        return new WildcardIndex(filed.ToDictionary(p => p.Key, p => p.Value.ToArray()), [.. everywhere], caseSensitive);
    }

    /// <summary>The distinct runs of the pattern's literal parts, in <paramref name="runs"/>.</summary>
    private static void RunsOf(string pattern, bool caseSensitive, HashSet<int> runs)
    {
        runs.Clear();
        foreach (var part in pattern.Split('*'))
        {
            for (var at = 0; at + 3 <= part.Length; at++)
            {
                var run = Run(part[at], part[at + 1], part[at + 2], caseSensitive);
                if (run != NoRun)
                {
                    runs.Add(run);
                }
            }
        }
    }

    /// <summary>Replaces the contents of <paramref name="rows"/> with the rows that could match the value, in table order, each once.</summary>
    public void Candidates(string value, List<int> rows)
    {
        rows.Clear();
        rows.AddRange(_everywhere);
        for (var at = 0; at + 3 <= value.Length; at++)
        {
            var run = Run(value[at], value[at + 1], value[at + 2], _caseSensitive);
            if (run != NoRun && _byRun.TryGetValue(run, out var filed))
            {
                rows.AddRange(filed);
            }
        }

        rows.Sort();
        var kept = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            if (kept == 0 || rows[i] != rows[kept - 1])
            {
                rows[kept++] = rows[i];
            }
        }

        rows.RemoveRange(kept, rows.Count - kept);
    }

    /// <summary>Three ASCII characters as one number, letters upper-cased unless case-sensitive; <see cref="NoRun"/> for others.</summary>
    private static int Run(char a, char b, char c, bool caseSensitive)
    {
        if (a >= 128 || b >= 128 || c >= 128)
        {
            return NoRun;
        }

        if (!caseSensitive)
        {
            a = char.ToUpperInvariant(a);
            b = char.ToUpperInvariant(b);
            c = char.ToUpperInvariant(c);
        }

        return (a << 14) | (b << 7) | c;
    }
}
