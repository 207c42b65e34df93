using CsCheck;
using Vigil.Spl.Lookups;
using Vigil.Spl.Values;

namespace Vigil.Tests.Properties;

/// <summary>
/// A wildcard lookup tests only the rows its index names as candidates (<see cref="WildcardIndex"/>): it must find the
/// rows, in table order and up to max_matches, that testing every row's pattern finds, for case-sensitive tables and
/// not, with characters outside ASCII among them (dotless ı, long ſ, Kelvin K, dotted İ, which case rules elsewhere relate to
/// ASCII letters).
/// </summary>
public sealed class WildcardIndexProperties
{
    private static readonly Gen<string> Text = Gen.Char["aAbB.-ıſKİé1"].Array[0, 7].Select(c => new string(c));

    // Patterns of literal parts and stars, as a lookup's WILDCARD column holds them (*.ddns.net*, ab*c, a table's
    // plain values too).
    private static readonly Gen<string> Pattern = Gen.Select(Gen.Bool, Text.Array[1, 3], Gen.Bool)
        .Select(p => (p.Item1 ? "*" : string.Empty) + string.Join('*', p.Item2) + (p.Item3 ? "*" : string.Empty));

    [Fact]
    public void Indexed_lookups_find_what_testing_every_row_finds()
    {
        Gen.Select(Pattern.Array[1, 60], Text.Array[1, 20], Gen.Bool, Gen.Int[1, 5]).Sample((patterns, values, caseSensitive, max) =>
        {
            var csv = "pattern,n\n" + string.Concat(patterns.Select((p, i) => $"{p},{i}\n"));
            var definition = new LookupDefinition("t", "t.csv", () => new StringReader(csv))
            {
                MatchTypes = new Dictionary<string, LookupMatchType>(StringComparer.Ordinal) { ["pattern"] = LookupMatchType.Wildcard },
                CaseSensitive = caseSensitive,
            };
            var table = definition.Table;
            var matches = new List<int>();

            // The first lookups test every row; then the index is built, and the values below go through it.
            for (var i = 0; i <= LookupTable.ScansBeforeIndex; i++)
            {
                matches.Clear();
                table.Match([(0, values[i % values.Length])], max, matches);
            }

            Assert.True(table.HasWildcardIndex(0));
            foreach (var value in values)
            {
                matches.Clear();
                table.Match([(0, value)], max, matches);
                var expected = Enumerable.Range(0, patterns.Length)
                    .Where(row => table.Rows[row][0].Length > 0 && new Wildcard(table.Rows[row][0], caseSensitive).IsMatch(value))
                    .Take(max);
                Assert.Equal(expected, matches);
            }
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void No_character_outside_ascii_is_taken_for_one_inside_by_a_case_insensitive_comparison()
    {
        // The index files patterns under ASCII runs only, so a value's character outside ASCII must never match a
        // pattern's ASCII character, as a case-insensitive comparison (Wildcard's) sees them.
        for (var c = 128; c <= char.MaxValue; c++)
        {
            var text = ((char)c).ToString();
            for (var a = 0; a < 128; a++)
            {
                Assert.False(string.Equals(text, ((char)a).ToString(), StringComparison.OrdinalIgnoreCase), $"U+{c:X4} is taken for '{(char)a}'");
            }
        }

        Assert.False("xxDDNſ.net".Contains("ddns", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Escu_dynamic_dns_patterns_are_nearly_all_filed()
    {
        var path = Support.TestPaths.RequireShared("escu", "lookups", "dynamic_dns_providers_default.csv");
        var definition = new LookupDefinition("dns", path, () => new StreamReader(path))
        {
            MatchTypes = new Dictionary<string, LookupMatchType>(StringComparer.Ordinal) { ["dynamic_dns_domains"] = LookupMatchType.Wildcard },
            CaseSensitive = false,
        };
        var table = definition.Table;
        var index = WildcardIndex.Build(table.Rows, 0, caseSensitive: false);
        Assert.True(table.Rows.Count > 90_000);
        Assert.True(index.Unfiled < 10, $"{index.Unfiled} rows tested for every value");

        var matches = new List<int>();
        for (var i = 0; i <= LookupTable.ScansBeforeIndex; i++)
        {
            table.Match([(0, "warm.example.org")], 10, matches);
        }

        Assert.True(table.HasWildcardIndex(0));
        matches.Clear();
        table.Match([(0, "host7.ddns.net")], 10, matches);
        Assert.Contains(matches, row => table.Rows[row][0] == "*.ddns.net*");
        matches.Clear();
        table.Match([(0, "www.example.com")], 10, matches);
        Assert.Empty(matches);
    }
}
