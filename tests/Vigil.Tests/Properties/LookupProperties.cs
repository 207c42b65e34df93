using CsCheck;
using Vigil.Spl.Definitions;
using Vigil.Spl.Lookups;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// A lookup over random tables and settings (max_matches, min_matches, default_match, wildcard or exact keys, empty
/// cells) equals a naive reading of transforms.conf: the matching rows in file order, at most max_matches, their
/// non-empty cells, then default_match until min_matches; a miss clears the output. A multivalue input gives each of
/// its values' outputs in turn, so it equals its values looked up one by one and joined.
/// </summary>
public sealed class LookupProperties
{
    private static readonly Gen<string> Key = Gen.OneOf("a", "b", "A", "ab", "x");

    // Cells include empty ones, which a lookup leaves out of its output.
    private static readonly Gen<string> Cell = Gen.OneOf("1", "2", "3", string.Empty);

    private static readonly Gen<Setup> Setups = Gen.Select(
        Gen.Select(Key, Cell, Cell).List[0, 8],
        Gen.Int[1, 3],
        Gen.Int[0, 3],
        Gen.OneOf<string?>(null, "none", string.Empty),
        Gen.Bool).Select(t => new Setup(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));

    [Fact]
    public void A_single_input_value_gets_what_a_naive_lookup_gives()
    {
        Gen.Select(Setups, Key).Sample((setup, key) =>
        {
            var result = SplRun.Run("* | lookup t k AS input OUTPUT out1, out2", [SplRun.Row(("input", key))], setup.Definitions());
            Assert.Equal(setup.Expected([key], 1), result.Rows[0]["out1"].Values);
            Assert.Equal(setup.Expected([key], 2), result.Rows[0]["out2"].Values);
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void A_multivalue_input_gets_its_values_outputs_in_turn()
    {
        Gen.Select(Setups, Key.List[2, 3]).Sample((setup, keys) =>
        {
            var result = SplRun.Run("* | lookup t k AS input OUTPUT out1, out2", [SplRun.Row(("input", keys.ToArray()))], setup.Definitions());
            Assert.Equal(setup.Expected(keys, 1), result.Rows[0]["out1"].Values);
            Assert.Equal(setup.Expected(keys, 2), result.Rows[0]["out2"].Values);
        }, iter: 1000, threads: 1);
    }

    private sealed record Setup(List<(string Key, string Out1, string Out2)> Table, int MaxMatches, int MinMatches, string? DefaultMatch, bool Wildcard)
    {
        public SplDefinitions Definitions()
        {
            // A wildcard table's keys are patterns: "a" becomes "a*", so "ab" matches it too.
            var csv = "k,out1,out2\n" + string.Concat(Table.Select(r => $"{KeyText(r.Key)},{r.Out1},{r.Out2}\n"));
            var definitions = new SplDefinitions();
            definitions.Add(new LookupDefinition("t", "lookups/t.csv", () => new StringReader(csv))
            {
                MaxMatches = MaxMatches,
                MinMatches = MinMatches,
                DefaultMatch = DefaultMatch,
                MatchTypes = Wildcard ? new Dictionary<string, LookupMatchType> { ["k"] = LookupMatchType.Wildcard } : new Dictionary<string, LookupMatchType>(),
            });
            return definitions;
        }

        /// <summary>The output column's values for the input values, as transforms.conf describes them.</summary>
        public List<string> Expected(IEnumerable<string> inputs, int column)
        {
            var values = new List<string>();
            foreach (var input in inputs)
            {
                var matches = Table.Where(r => Wildcard ? input.StartsWith(r.Key, StringComparison.Ordinal) : r.Key == input).Take(MaxMatches).ToList();
                values.AddRange(matches.Select(r => column == 1 ? r.Out1 : r.Out2).Where(cell => cell.Length > 0));
                if (DefaultMatch is not null)
                {
                    values.AddRange(Enumerable.Repeat(DefaultMatch, Math.Max(0, MinMatches - matches.Count)));
                }
            }

            return values;
        }

        private string KeyText(string key) => Wildcard ? key + "*" : key;
    }
}
