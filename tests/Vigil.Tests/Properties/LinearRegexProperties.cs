using System.Text.RegularExpressions;
using CsCheck;
using Vigil.Events.Sources;
using Vigil.Spl.Values;
using Vigil.Tests.Support;

namespace Vigil.Tests.Properties;

/// <summary>
/// <see cref="TieredRegex.IsMatch"/> moves long texts on to a linear-time twin of its expression once the backtracking
/// engine has spent long enough on them (here a tick, so the twin comes at the second long text): its answers must stay those of the backtracking engine, for generated expressions over generated texts and
/// for ESCU's own <c>match()</c> patterns over real PowerShell script blocks.
/// </summary>
public sealed class LinearRegexProperties
{
    // Pieces of expressions: literals and classes, nested and counted quantifiers, alternations, anchors, inline case
    // folding; what the twin cannot run (backreferences, lookarounds, atomic groups) among them, which must stay with
    // the backtracking engine.
    // Quantified atoms are not quantified again: nested unbounded quantifiers over one text make the backtracking
    // engine, the reference here, run out of time.
    private static readonly Gen<string> Atom = Gen.OneOf(
        "a", "b", "ab", "-e", "iex", "Invoke-", "[A-Za-z0-9+/]", "[^-]", "\\s", ".", "(x|y)", "(?:n*o*d*e*)");

    private static readonly Gen<string> QuantifiedAtom = Gen.OneOf("\\S+", "\\d{2,3}", "[ab]{3,}", "[A-Za-z0-9+/]{12,}");

    private static readonly Gen<string> Quantifier = Gen.OneOf("", "", "*", "+", "?", "{2}", "{1,4}", "*?");

    private static readonly Gen<string> Piece = Gen.Frequency(
        (4, Gen.Select(Atom, Quantifier).Select(p => p.Item1.Length > 1 && p.Item2.Length > 0 ? $"(?:{p.Item1}){p.Item2}" : p.Item1 + p.Item2)),
        (1, QuantifiedAtom));

    private static readonly Gen<string> Branch = Piece.Array[1, 4].Select(p => string.Concat(p));

    private static readonly Gen<string> Pattern = Gen.Select(
        Gen.OneOf("", "(?i)", "^", "(?i)^"),
        Branch.Array[1, 4],
        Gen.OneOf("", "", "$", "(?=a)", "(?>b+)", "(a)\\1"))
        .Select(p => p.Item1 + string.Join('|', p.Item2) + p.Item3);

    // Long texts (so IsMatch takes the long path) from a small alphabet, so patterns match some and miss others.
    // The reference answers however long it takes on a busy machine: ESCU's log4j pattern takes the backtracking
    // engine half a second over one real script block here, past Pcre.Timeout under load (CI once failed on it).
    private static readonly TimeSpan ReferencePatience = TimeSpan.FromMinutes(2);

    private static readonly Gen<string> LongText = Gen.Char["abAB-exiIn voke+/0129\t"].Array[65, 400].Select(c => new string(c));

    [Fact]
    public void Long_texts_are_answered_as_the_backtracking_engine_answers()
    {
        var twins = 0;
        Gen.Select(Pattern, LongText.Array[40, 80]).Sample((pattern, texts) =>
        {
            var backtracking = new Regex(pattern, RegexOptions.CultureInvariant, ReferencePatience);

            // The first long text goes to the backtracking engine, which then has spent its (one tick) budget: the
            // rest go to the twin.
            var tiered = new TieredRegex(new Regex(pattern, RegexOptions.CultureInvariant, Pcre.Timeout), backtrackingBeforeLinear: 1);
            foreach (var text in texts)
            {
                Assert.True(backtracking.IsMatch(text) == tiered.IsMatch(text), $"/{pattern}/ over \"{text}\"");
            }

            // Every expression the linear engine accepts reached its twin (those with lookarounds, atomic groups or
            // backreferences cannot), or the property would say nothing of it.
            Assert.Equal(LinearEngineAccepts(pattern), tiered.HasLinearTwin);
            twins += tiered.HasLinearTwin ? 1 : 0;
        }, iter: 300, threads: 1);

        Assert.True(twins > 100, $"only {twins} of 300 expressions reached the linear twin");
    }

    private static bool LinearEngineAccepts(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    [Fact]
    public void A_text_the_backtracking_engine_runs_out_of_time_on_is_answered_by_the_twin()
    {
        // Nested quantifiers over a run of a's that ends wrong: the backtracking engine tries every split of the run.
        var text = new string('a', 80) + "!";
        var timeout = TimeSpan.FromMilliseconds(20);
        Assert.Throws<RegexMatchTimeoutException>(() => new Regex("(a+)+$", RegexOptions.None, timeout).IsMatch(text));

        var tiered = new TieredRegex(new Regex("(a+)+$", RegexOptions.None, timeout));
        Assert.False(tiered.IsMatch(text));
        Assert.True(tiered.HasLinearTwin);
        Assert.True(tiered.IsMatch(new string('a', 90)));

        // A backreference has no twin: the timeout is the answer, not a guess.
        var unsupported = new TieredRegex(new Regex("(a+)+\\1$", RegexOptions.None, timeout));
        Assert.Throws<RegexMatchTimeoutException>(() => unsupported.IsMatch(text + new string('b', 30)));
    }

    [Fact]
    public void Short_texts_and_expressions_the_twin_cannot_run_stay_with_backtracking()
    {
        var lookahead = new TieredRegex(Pcre.Compile("iex(?=\\s)"), backtrackingBeforeLinear: 0);
        var text = new string('x', 1000) + "iex ";
        for (var i = 0; i < 200; i++)
        {
            Assert.True(lookahead.IsMatch(text));
        }

        Assert.False(lookahead.HasLinearTwin);

        var plain = new TieredRegex(Pcre.Compile("(?i)invoke-expression"), backtrackingBeforeLinear: 0);
        for (var i = 0; i < 5000; i++)
        {
            Assert.False(plain.IsMatch("short text"));
        }

        Assert.False(plain.HasLinearTwin);
    }

    [Fact]
    public void Escu_match_patterns_over_real_script_blocks_give_the_backtracking_answers()
    {
        var escu = TestPaths.RequireShared("escu", "detections");
        var evtx = TestPaths.RequireShared("evtx", "deepbluecli", "Powershell-Invoke-Obfuscation-many.evtx");
        var texts = new InputReader([evtx], InputOptions.Default, _ => { }).Read(null, TestContext.Current.CancellationToken)
            .SelectMany(e => e.Fields.Where(f => f.Name == "ScriptBlockText").Select(f => f.Value))
            .Where(t => t.Length > 64)
            .ToList();
        Assert.True(texts.Count > 200, $"{texts.Count} script blocks read");
        var lowered = texts.Select(t => t.ToLowerInvariant()).ToList();

        // match(field, "pattern") as ESCU writes it, YAML's doubled single quotes and SPL's escaped quotes and
        // backslashes undone.
        var literal = new Regex("match\\((?:lower\\()?\\w+\\)?\\s*,\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\)", RegexOptions.CultureInvariant);
        var patterns = Directory.EnumerateFiles(escu, "*.yml", SearchOption.AllDirectories)
            .SelectMany(file => literal.Matches(File.ReadAllText(file).Replace("''", "'", StringComparison.Ordinal)))
            .Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(patterns.Count > 50, $"{patterns.Count} patterns found");

        var twins = 0;
        var matched = 0;
        foreach (var pattern in patterns)
        {
            Regex backtracking;
            try
            {
                backtracking = new Regex(Pcre.Translate(pattern), RegexOptions.CultureInvariant | RegexOptions.Compiled, ReferencePatience);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var tiered = new TieredRegex(new Regex(Pcre.Translate(pattern), RegexOptions.CultureInvariant, ReferencePatience), backtrackingBeforeLinear: 1);
            foreach (var input in new[] { texts, lowered })
            {
                foreach (var text in input)
                {
                    var expected = backtracking.IsMatch(text);
                    Assert.True(expected == tiered.IsMatch(text), $"/{pattern}/ over a script block of {text.Length} characters");
                    matched += expected ? 1 : 0;
                }
            }

            twins += tiered.HasLinearTwin ? 1 : 0;
        }

        Assert.True(twins > patterns.Count / 2, $"only {twins} of {patterns.Count} patterns reached the linear twin");
        Assert.True(matched > 100, $"only {matched} matches: the texts exercise little");
    }
}
