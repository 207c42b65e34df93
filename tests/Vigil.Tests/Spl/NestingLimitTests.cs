using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Tests.Spl;

/// <summary>
/// Deeply nested searches are a compile error naming the limit, never a stack overflow (which would end the process):
/// each form of nesting the parsers recurse on, far past the limit, and searches within it still compile.
/// </summary>
public sealed class NestingLimitTests
{
    private const int Deep = 100_000;

    public static TheoryData<string> TooDeep() =>
    [
        "x=1 " + new string('(', Deep) + "a" + new string(')', Deep),
        string.Concat(Enumerable.Repeat("NOT ", Deep)) + "a",
        "| makeresults | eval x=" + new string('(', Deep) + "1" + new string(')', Deep),
        "| makeresults | eval x=" + string.Concat(Enumerable.Repeat("abs(", Deep)) + "1" + new string(')', Deep),
        "| makeresults | eval x=" + string.Concat(Enumerable.Repeat("- ", Deep)) + "1",
        "| makeresults | where " + string.Concat(Enumerable.Repeat("NOT ", Deep)) + "true()",
        "x=1 " + string.Concat(Enumerable.Repeat("[search y=1 ", 2_000)) + new string(']', 2_000),
    ];

    [Theory]
    [MemberData(nameof(TooDeep))]
    public void Nesting_past_the_limit_is_a_compile_error_naming_it(string search)
    {
        // A thread with a small stack, as a partition's, so that a missing guard fails here rather than passing on a big one.
        Exception? caught = null;
        var thread = new Thread(() => caught = Record.Exception(() => SplPipeline.Compile(search, new SplDefinitions())), 1024 * 1024);
        thread.Start();
        thread.Join();
        var error = Assert.IsType<SplCompileException>(caught);
        Assert.Contains($"nests deeper than {NestingGuard.MaxDepth} levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_within_the_limit_compiles()
    {
        var depth = NestingGuard.MaxDepth / 2;
        SplPipeline.Compile("x=1 " + new string('(', depth) + "a" + new string(')', depth), new SplDefinitions());
        SplPipeline.Compile("| makeresults | eval x=" + new string('(', depth) + "1" + new string(')', depth), new SplDefinitions());
    }
}
