using System.Globalization;
using CsCheck;
using Vigil.Tests.Support;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// A case() whose arms mostly test one field (<c>EventCode=4624</c>, <c>in(EventCode, ...)</c>, <c>upper(EventCode)=...</c>, through AND and OR) is
/// answered by testing only the arms that can hold for the event's value (<c>CaseTable</c>); it must give what testing
/// every arm in turn gives. The same arms written so that no table is made (each condition inside if()) are the
/// reference, over field values that are numbers, text that reads as a number in another spelling, other text,
/// multivalues and nothing, and literals that are numbers, numeric text and other text, repeated.
/// </summary>
public sealed class CaseTableProperties
{
    private static readonly Gen<string> Literal = Gen.OneOf("4624", "4625", "\"4624\"", "\"04624\"", "1e3", "\"abc\"", "\"ABC\"", "0", "-1", "\"\"", "2.5");

    private static readonly Gen<object?> FieldValue = Gen.OneOf<object?>(
        "4624", "04624", "4624.0", "4625", "1000", "abc", "ABC", string.Empty, "0", "-1", "2.5", " 4624", null, new[] { "4624", "abc" }, new[] { "x", "y" });

    private static readonly Gen<string?> Other = Gen.OneOf<string?>("y", "n", null);

    // One arm's condition: a test of EventCode (or of upper() or lower() of it, as the Windows add-on tests
    // upper(Status)), an OR or in() of two, one ANDed with a test of another field, or a test of that other field alone
    // (which any EventCode may meet).
    private static readonly Gen<string> Condition = Gen.Select(Gen.Int[0, 8], Literal, Literal).Select(t => t.Item1 switch
    {
        0 => $"EventCode={t.Item2}",
        1 => $"{t.Item2}==EventCode",
        2 => $"EventCode={t.Item2} OR {t.Item3}==EventCode",
        3 => $"in(EventCode, {t.Item2}, {t.Item3})",
        4 => $"EventCode={t.Item2} AND Other=\"y\"",
        5 => $"upper(EventCode)=={t.Item2}",
        6 => $"in(lower(EventCode), {t.Item2}, {t.Item3})",
        7 => $"{t.Item2}==upper(EventCode) OR upper(EventCode)={t.Item3}",
        _ => "Other=\"y\"",
    });

    [Fact]
    public void A_case_gives_what_testing_every_arm_in_turn_gives()
    {
        Gen.Select(Condition.Array[1, 8], Gen.Bool, Gen.Select(FieldValue, Other).Array[1, 6]).Sample((conditions, catchAll, values) =>
        {
            var rows = values.Select(v => SplRun.Row(("EventCode", v.Item1), ("Other", v.Item2))).ToArray();
            var table = SplRun.Run($"* | eval r={Case(conditions, catchAll, inTurn: false)}", rows);
            var inTurn = SplRun.Run($"* | eval r={Case(conditions, catchAll, inTurn: true)}", rows);
            Assert.Equal(inTurn.Column("r"), table.Column("r"));
        }, iter: 4000, threads: 1);
    }

    private static string Case(string[] conditions, bool catchAll, bool inTurn)
    {
        var parts = conditions.Select((condition, i) =>
            $"{(inTurn ? $"if({condition}, true(), false())" : condition)}, \"arm{i.ToString(CultureInfo.InvariantCulture)}\"");
        return $"case({string.Join(", ", parts)}{(catchAll ? ", true(), \"other\"" : string.Empty)})";
    }
}
