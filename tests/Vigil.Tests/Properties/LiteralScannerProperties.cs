using CsCheck;
using Vigil.Spl.Execution.Dispatch;

namespace Vigil.Tests.Properties;

/// <summary>
/// The one-pass literal scanner finds exactly the literals <c>string.Contains(literal, OrdinalIgnoreCase)</c> finds,
/// on random texts mixing the literals' characters, other case, and characters whose case folding is special
/// (dotless i, long s, the Kelvin sign, ß, surrogates).
/// </summary>
public sealed class LiteralScannerProperties
{
    private static readonly Gen<char> LiteralChar = Gen.OneOf(Gen.Char['a', 'e'], Gen.Char['A', 'E'], Gen.Char['0', '2'], Gen.OneOf('_', '-', '.', ' ', ':', '\\', '/', 'i', 'I', 's', 'S', 'k', 'K'));

    private static readonly Gen<string> Literal = LiteralChar.Array[1, 6].Select(c => new string(c));

    private static readonly Gen<char> TextChar = Gen.Frequency(
        (8, LiteralChar),
        (1, Gen.OneOf('\u0131', '\u017F', '\u212A', '\u00DF', '\u0130', '<', '>', '"', '\uD83D', '\uDE00', '\0', 'é')));

    // Most long enough to be scanned as four quarters at once (a literal across a quarter's end must be found), some
    // too short for it.
    private static readonly Gen<string> Text = TextChar.Array[0, 400].Select(c => new string(c));

    // Few distinct characters, long literals: literals that overlap each other and cross quarter ends far.
    private static readonly Gen<string> LongLiteral = Gen.Char['a', 'c'].Array[1, 40].Select(c => new string(c));
    private static readonly Gen<string> RepetitiveText = Gen.Char['a', 'c'].Array[0, 300].Select(c => new string(c));

    private static HashSet<int> Found(LiteralScanner scanner, string text, int count)
    {
        var bits = new ulong[(count + 63) / 64];
        scanner.Scan(text.AsSpan(), bits);
        return [.. Enumerable.Range(0, count).Where(id => (bits[id >> 6] & (1UL << id)) != 0)];
    }

    [Fact]
    public void Scanner_finds_exactly_the_literals_Contains_finds() => AgreesWithContains(Literal.List[1, 12], Text);

    [Fact]
    public void Scanner_finds_long_overlapping_literals_across_quarters() => AgreesWithContains(LongLiteral.List[1, 8], RepetitiveText);

    private static void AgreesWithContains(Gen<List<string>> literalSets, Gen<string> texts) =>
        Gen.Select(literalSets, texts).Sample((literals, text) =>
        {
            var found = Found(new LiteralScanner(literals), text, literals.Count);
            var expected = Enumerable.Range(0, literals.Count).Where(i => text.Contains(literals[i], StringComparison.OrdinalIgnoreCase)).ToHashSet();
            Assert.Equal(expected.Order(), found.Order());
        }, iter: 2000, threads: 1);

    [Theory]
    [InlineData("EventCode>4688<", "4688", true)]
    [InlineData("c:\\windows\\system32\\CMD.EXE", "Cmd.exe", true)]
    [InlineData("\u017Fystem", "system", false)]
    [InlineData("\u212Aerberos", "kerberos", false)]
    [InlineData("abcabd", "abd", true)]
    [InlineData("abcab", "abd", false)]
    [InlineData("<EventID>4624</EventID><Task>12544</Task><Data Name='LogonType'>10</Data>", "Task>1254", true)]
    [InlineData("0123456789abcdefghijklmnopqrstuvwxyz0123456789", "jklmnopqrs", true)]
    [InlineData("0123456789abcdefghijklmnopqrstuvwxyz0123456789", "vwxyz01234", true)]
    [InlineData("0123456789abcdefghijklmnopqrstuvwxyz0123456789", "789abcdefgi", false)]
    public void Scanner_agrees_with_ordinal_ignore_case_on_known_cases(string text, string literal, bool contained)
    {
        Assert.Equal(contained, text.Contains(literal, StringComparison.OrdinalIgnoreCase));
        var found = Found(new LiteralScanner([literal, "zzz"]), text, 2);
        Assert.Equal(contained, found.Contains(0));
        Assert.DoesNotContain(1, found);
    }
}
