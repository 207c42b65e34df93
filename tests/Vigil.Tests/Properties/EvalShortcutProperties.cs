using CsCheck;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// Shortcuts eval takes must answer as the general path does: <c>x=="text"</c> (and <c>!=</c>) against a text that reads
/// as no number compares at once, where <c>"text"==x</c> takes the general comparison; <c>match(x, "literal")</c>
/// remembers answers for short texts, where <c>match(x, field)</c> compiles its pattern for each row.
/// </summary>
public sealed class EvalShortcutProperties
{
    // Values that read as numbers in several ways and values that do not; "|" makes a multivalue, "~" an absent field.
    private static readonly Gen<string> FieldValue = Gen.OneOf(
        "-", "", "0", "4624", " 4624", "4624.0", "0x3e7", "-0", "a", "A", "SYSTEM", "NaN", "true", "7|-", "-|a", "~");

    private static readonly Gen<string> Literal = Gen.OneOf("-", "", "a", "SYSTEM", "0x3e7", "NaN", "true", "4624", "-0", " 4624");

    [Fact]
    public void Comparing_with_a_text_literal_answers_as_the_general_comparison()
    {
        Gen.Select(FieldValue.List[1, 10], Literal).Sample((values, literal) =>
        {
            var search = $"* | eval x=split(x, \"|\") | eval shortcut=if(x==\"{literal}\", \"yes\", \"no\"), general=if(\"{literal}\"==x, \"yes\", \"no\"), "
                + $"shortcut_not=if(x!=\"{literal}\", \"yes\", \"no\"), general_not=if(\"{literal}\"!=x, \"yes\", \"no\")";
            var result = SplRun.Run(search, values.Select(v => v == "~" ? SplRun.Row(("y", "no x")) : SplRun.Row(("x", v))));
            foreach (var row in result.Rows)
            {
                Assert.Equal(row["general"].ToString(), row["shortcut"].ToString());
                Assert.Equal(row["general_not"].ToString(), row["shortcut_not"].ToString());
            }
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Match_with_a_literal_pattern_answers_as_a_pattern_read_from_a_field()
    {
        // Few distinct texts (answers remembered and found again) and then many (the remembering gives up), over
        // 3,000 rows: the same expression object sees them all.
        var texts = Gen.OneOf(
            Gen.OneOf("0x8020000000000000", "0x8010000000000000", "-", "a", "ab", "b").List[3000],
            Gen.String[0, 80].List[3000]);
        Gen.Select(texts, Gen.OneOf("^0x[0-9A-Fa-f]{2}[2367ABEFabef]", "a", "^$", "b$", "(?i)A")).Sample((values, pattern) =>
        {
            var quoted = pattern.Replace("\\", "\\\\", StringComparison.Ordinal);
            var search = $"* | eval p=\"{quoted}\" | eval literal=if(match(x, \"{quoted}\"), \"yes\", \"no\"), read=if(match(x, p), \"yes\", \"no\")";
            var result = SplRun.Run(search, values.Select(v => SplRun.Row(("x", v))));
            Assert.Equal(values.Count, result.Rows.Count);
            foreach (var row in result.Rows)
            {
                Assert.Equal(row["read"].ToString(), row["literal"].ToString());
            }
        }, iter: 6, threads: 1);
    }
}
