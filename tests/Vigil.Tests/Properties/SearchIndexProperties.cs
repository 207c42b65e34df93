using CsCheck;
using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;
using SplRun = Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Properties;

/// <summary>
/// What a search expression requires of a row (<c>RowRequirement</c>: exact values, or text a wildcard pattern's
/// values hold) only ever rules out rows the expression cannot match, and the indexes built on it change no answer: a long OR tried by the row's value of one field
/// (<c>OrIndex</c>) matches exactly the rows its alternatives tried in turn match, and the tstats over a dataset sieved
/// by what their WHERE requires (<c>RowSieve</c>) are exactly those whose requirement the rows meet. Random searches
/// over three fields: equality with values that differ only in case, numbers in other spellings, wildcards, networks
/// and empty text; !=, IN, NOT, AND and OR nested; over rows with those values, multivalues, numbers and nothing.
/// </summary>
public sealed class SearchIndexProperties
{
    private static readonly string[] Fields = ["A", "B", "C"];

    private static readonly Gen<string> Literal = Gen.OneOf(
        "x", "X", "y", "4624", "04624", "4625", "1e3", "1000", "10.0.0.1", "10.0.0.0/8", "x*", "*", "", "Cmd.exe", "cmd.EXE",
        "*md.e*", "CMD*", "*.exe", "c*.exe", "*46*", "10.0.*", "*\u017Fy*", "**");

    private static readonly Gen<object?> FieldValue = Gen.OneOf<object?>(
        "x", "X", "y", "4624", "04624", "4624.0", "4625", "1000", "1e3", "10.0.0.1", "10.1.2.3", string.Empty, "cmd.exe", "x*",
        "C:\\Windows\\cmd.exe /c", "\u017Fy", "sy", "xcmd.exey",
        null, null, 4624.0, 1000.0, new[] { "y", "4625" }, new[] { "CMD.EXE", "z" });

    private static readonly Gen<string> Atom = RandomSearches.Atom(Fields, Literal);

    private static readonly Gen<string> Group = Gen.OneOf(
        Atom,
        Atom.Array[2, 3].Select(parts => "(" + string.Join(" ", parts) + ")"),
        Atom.Array[2, 7].Select(parts => "(" + string.Join(" OR ", parts) + ")"));

    private static readonly Gen<string> Search = Gen.OneOf(
        Group,
        Group.Array[2, 8].Select(parts => string.Join(" OR ", parts)),
        Gen.Select(Group.Array[2, 6], Atom).Select(t => $"({string.Join(" OR ", t.Item1)}) {t.Item2}"));

    private static readonly Gen<Row> RowGen = FieldValue.Array[3].Select(values =>
        SplRun.Row([.. Fields.Select((field, i) => (field, values[i]))]));

    [Fact]
    public void An_indexed_or_matches_what_its_alternatives_tried_in_turn_match()
    {
        var indexed = 0;
        Gen.Select(Search, RowGen.Array[1, 6]).Sample((text, rows) =>
        {
            var expression = SplCompiler.CompileCondition(text, new());
            indexed += Ors(expression).Count(or => or.IsIndexed);
            foreach (var row in rows)
            {
                Assert.Equal(InTurn(expression, row), expression.Matches(row));
            }
        }, iter: 6000, threads: 1);

        // The searches must exercise the index, not only ORs too short or too mixed for one.
        Assert.True(indexed > 500, $"only {indexed} indexed ORs were made");
    }

    [Fact]
    public void Threads_testing_one_or_at_once_get_what_testing_in_turn_gives()
    {
        // An OR's index is made at its first test, by whichever thread tests it first: partitions share compiled
        // searches (a data model's constraint), so several may race to make it.
        Gen.Select(Search.Array[4, 8], RowGen.Array[8, 16]).Sample((texts, rows) =>
        {
            var expressions = texts.Select(t => SplCompiler.CompileCondition(t, new())).ToList();
            var expected = expressions.Select(e => rows.Select(r => InTurn(e, r)).ToArray()).ToList();
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, thread =>
            {
                for (var i = 0; i < expressions.Count; i++)
                {
                    var e = (i + thread) % expressions.Count;
                    Assert.Equal(expected[e], rows.Select(r => expressions[e].Matches(r)).ToArray());
                }
            });
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void A_row_an_expression_matches_meets_its_requirement()
    {
        Gen.Select(Search, RowGen).Sample((text, row) =>
        {
            var expression = SplCompiler.CompileCondition(text, new());
            if (!InTurn(expression, row))
            {
                return;
            }

            if (RowRequirement.Of(expression) is { } requirement)
            {
                Assert.True(Meets(row, requirement.AnyOf), $"'{text}' matched a row its requirement rules out");
            }

            foreach (var field in expression.FieldsRead().Distinct())
            {
                if (RowRequirement.ValuesOn(expression, field) is not { } values)
                {
                    continue;
                }

                Assert.True(Meets(row, [.. values.Select(v => new RowAtom(field, v, Contains: false))]), $"'{text}' matched a row its values of {field} rule out");
            }
        }, iter: 20000, threads: 1);
    }

    [Fact]
    public void A_sieve_takes_exactly_the_gates_whose_requirement_the_rows_meet()
    {
        var searchedFor = 0;
        Gen.Select(Search.Array[1, 12], RowGen.Array[0, 3]).Sample((texts, rows) =>
        {
            var expressions = texts.Select(t => SplCompiler.CompileCondition(t, new())).ToList();
            var gates = expressions.Select((e, i) => (Gate: i, Requirement: RowRequirement.Of(e))).ToList();
            var sieve = RowSieve.For(gates, gates.Count);
            searchedFor += gates.Count(g => g.Requirement?.AnyOf.Any(a => a.Contains) == true);
            var candidates = new List<int>();
            if (sieve is null)
            {
                Assert.All(gates, g => Assert.Null(g.Requirement));
                return;
            }

            // Twice: the second event must not see the first's marks.
            for (var round = 0; round < 2; round++)
            {
                candidates.Clear();
                sieve.AddPassing(rows, candidates);
                var expected = gates.Where(g => g.Requirement is null || rows.Any(r => Meets(r, g.Requirement.AnyOf))).Select(g => g.Gate);
                Assert.Equal(expected.Order(), candidates.Order());
                Assert.Equal(candidates.Count, candidates.Distinct().Count());
                Assert.All(expressions.Select((e, i) => (e, i)).Where(p => rows.Any(r => InTurn(p.e, r))), p => Assert.Contains(p.i, candidates));
            }
        }, iter: 3000, threads: 1);

        // Text searched for within values (from wildcard patterns) must be sieved too, not only exact values.
        Assert.True(searchedFor > 1000, $"only {searchedFor} gates required text within a value");
    }

    /// <summary>The expression evaluated without any index: AND, OR and NOT taken apart, each leaf asked itself.</summary>
    private static bool InTurn(SearchExpression expression, Row row) => expression switch
    {
        AndExpression all => all.Operands.All(o => InTurn(o, row)),
        OrExpression any => any.Operands.Any(o => InTurn(o, row)),
        NotExpression not => !InTurn(not.Operand, row),
        _ => expression.Matches(row),
    };

    private static IEnumerable<OrExpression> Ors(SearchExpression expression) => expression switch
    {
        AndExpression all => all.Operands.SelectMany(Ors),
        OrExpression any => any.Operands.SelectMany(Ors).Prepend(any),
        NotExpression not => Ors(not.Operand),
        _ => [],
    };

    private static bool Meets(Row row, IReadOnlyList<RowAtom> anyOf) =>
        anyOf.Any(atom => row[atom.Field].AnyText(atom, static (atom, text) => atom.Contains
            ? text.Contains(atom.Text, StringComparison.OrdinalIgnoreCase)
            : string.Equals(text, atom.Text, StringComparison.OrdinalIgnoreCase)));
}
