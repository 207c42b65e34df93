using System.Text.RegularExpressions;
using CsCheck;
using Vigil.Spl.Values;

namespace Vigil.Tests.Properties;

/// <summary>
/// <see cref="Wildcard"/> answers as the regular expression its pattern stands for (each star any run of characters,
/// the rest literal, the whole value matched), for patterns with any number of stars, runs of them, and none.
/// </summary>
public sealed class WildcardProperties
{
    // ASCII only: a case-insensitive regular expression relates some characters outside ASCII to ASCII letters (Kelvin
    // K to k) that an ordinal comparison, which Wildcard's is, does not.
    private static readonly Gen<string> Pattern = Gen.Char["aAb.*"].Array[0, 9].Select(c => new string(c));

    private static readonly Gen<string> Value = Gen.Char["aAb.-"].Array[0, 9].Select(c => new string(c));

    [Fact]
    public void A_wildcard_matches_what_its_regular_expression_matches()
    {
        Gen.Select(Pattern, Value.Array[1, 8], Gen.Bool).Sample((pattern, values, caseSensitive) =>
        {
            var wildcard = new Wildcard(pattern, caseSensitive);
            var reference = new Regex(
                "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$",
                RegexOptions.Singleline | RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase));
            foreach (var value in values)
            {
                Assert.True(reference.IsMatch(value) == wildcard.IsMatch(value), $"'{pattern}' against '{value}' (case-sensitive: {caseSensitive})");
            }

            Assert.Equal(pattern.Contains('*'), wildcard.HasWildcard);
            Assert.Equal(pattern.Length > 0 && pattern.All(c => c == '*'), wildcard.MatchesAnything);
        }, iter: 20000, threads: 1);
    }
}
