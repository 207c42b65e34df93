using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

public class EvalTests
{
    private static readonly Vigil.Spl.Values.Row Sample = Row(
        ("a", "7"), ("b", "2"), ("s", "Hello"), ("path", "C:\\Windows\\System32\\inetsrv\\x.dll"),
        ("mv", new[] { "p", "q", "r" }), ("_time", new DateTime(2022, 12, 20, 15, 58, 25, DateTimeKind.Utc).AddTicks(3_253_836)));

    private static string? Eval(string expression)
    {
        var result = Run("* | eval out=" + expression, [Sample.Clone()]);
        var value = result.Rows[0]["out"];
        return value.IsNull ? null : value.ToString();
    }

    [Theory]
    [InlineData("a+b", "9")]
    [InlineData("a-b*3", "1")]
    [InlineData("(a-b)*3", "15")]
    [InlineData("a/b", "3.5")]
    [InlineData("a%b", "1")]
    [InlineData("-a", "-7")]
    [InlineData("10/4", "2.5")]
    [InlineData("1.5e2", "150")]
    [InlineData("a/0", null)]
    [InlineData("a+missing", null)]
    [InlineData("s+\"!\"", "Hello!")]
    [InlineData("s+1", null)]
    [InlineData("s.\" \".a", "Hello 7")]
    [InlineData("s.missing", null)]
    public void Arithmetic_and_concatenation(string expression, string? expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("if(a>b, \"yes\", \"no\")", "yes")]
    [InlineData("if(a<b, \"yes\", \"no\")", "no")]
    [InlineData("if(a=\"7\", 1, 0)", "1")]
    [InlineData("if(a==7.0, 1, 0)", "1")]
    [InlineData("if(s=\"hello\", 1, 0)", "0")]
    [InlineData("if(s!=\"hello\", 1, 0)", "1")]
    [InlineData("if(missing=1, 1, 0)", "0")]
    [InlineData("if(NOT missing=1, 1, 0)", "1")]
    [InlineData("if(a>1 AND b>1, 1, 0)", "1")]
    [InlineData("if(a>100 OR b>1, 1, 0)", "1")]
    [InlineData("if(a>1 XOR b>1, 1, 0)", "0")]
    [InlineData("if(s LIKE \"He%\", 1, 0)", "1")]
    [InlineData("case(a>10, \"big\", a>5, \"medium\", true(), \"small\")", "medium")]
    [InlineData("case(a>10, \"big\")", null)]
    [InlineData("coalesce(missing, null(), s)", "Hello")]
    [InlineData("if(isnull(missing), 1, 0)", "1")]
    [InlineData("if(isnotnull(s), 1, 0)", "1")]
    [InlineData("if(like(path, \"%inetsrv%\"), 1, 0)", "1")]
    [InlineData("if(like(s, \"h_llo\"), 1, 0)", "0")]
    [InlineData("if(match(path, \"(?i)\\\\\\\\INETSRV\\\\\\\\\"), 1, 0)", "1")]
    [InlineData("if(match(s, \"^hel\"), 1, 0)", "0")]
    [InlineData("if(s IN (\"x\", \"Hello\"), 1, 0)", "1")]
    [InlineData("if(a IN (1, 7.0), 1, 0)", "1")]
    [InlineData("if(in(s, \"hello\"), 1, 0)", "0")]
    [InlineData("lower(s)", "hello")]
    [InlineData("upper(s)", "HELLO")]
    [InlineData("len(s)", "5")]
    [InlineData("len(\"Ü&Co\")", "4")]
    [InlineData("replace(s, \"l+\", \"L\")", "HeLo")]
    [InlineData("replace(path, \"^(\\\\w):.*\", \"drive \\\\1\")", "drive C")]
    [InlineData("substr(s, 2, 3)", "ell")]
    [InlineData("substr(s, -3)", "llo")]
    [InlineData("mvcount(mv)", "3")]
    [InlineData("mvcount(s)", "1")]
    [InlineData("mvcount(missing)", null)]
    [InlineData("mvindex(mv, 1)", "q")]
    [InlineData("mvjoin(mv, \",\")", "p,q,r")]
    [InlineData("strftime(_time, \"%Y-%m-%d %H:%M:%S.%3N\")", "2022-12-20 15:58:25.325")]
    [InlineData("strptime(\"2022-12-20T15:58:25\", \"%Y-%m-%dT%H:%M:%S\")", "1671551905")]
    [InlineData("strftime(strptime(\"20/12/2022 16:58\", \"%d/%m/%Y %H:%M\"), \"%s\")", "1671555480")]
    [InlineData("now()", "1704164645")]
    [InlineData("round(a/3, 2)", "2.33")]
    [InlineData("tonumber(\"0x1F\", 16)", "31")]
    [InlineData("tostring(a*2)", "14")]
    [InlineData("trim(\"  x  \")", "x")]
    public void Functions(string expression, string? expected) => Assert.Equal(expected, Eval(expression));

    [Fact]
    public void Assignments_see_earlier_ones_and_null_removes_the_field()
    {
        var result = Run("* | eval x=a*2, y=x+1, s=null()", [Sample.Clone()]);
        Assert.Equal("15", result.Rows[0]["y"].ToString());
        Assert.False(result.Rows[0].Has("s"));
    }

    [Fact]
    public void Dotted_and_quoted_field_names()
    {
        var row = Row(("Processes.process_name", "cmd.exe"), ("odd name", "v"));
        var result = Run("* | eval a=Processes.process_name, b='odd name'.\"!\"", [row]);
        Assert.Equal("cmd.exe", result.Rows[0]["a"].ToString());
        Assert.Equal("v!", result.Rows[0]["b"].ToString());
    }

    [Fact]
    public void Where_keeps_rows_whose_test_is_true_and_compares_strings_case_sensitively()
    {
        var rows = new[] { Row(("u", "Bob"), ("n", "3")), Row(("u", "bob"), ("n", "30")), Row(("n", "4")) };
        Assert.Equal(["bob"], Run("* | where u=\"bob\"", rows).Column("u"));
        Assert.Equal(["Bob", null], Run("* | where n<10", rows).Column("u"));
        Assert.Equal(["Bob", "bob"], Run("* | where isnotnull(u) AND like(u, \"%ob\")", rows).Column("u"));
    }

    [Theory]
    [InlineData("* | eval x=a>1", "is a test (true/false), not a value")]
    [InlineData("* | where a+1", "must be a test")]
    [InlineData("* | eval x=if(a, 1, 2)", "argument 1 of if() must be a test")]
    [InlineData("* | eval x=nosuch(a)", "unsupported eval function 'nosuch'")]
    [InlineData("* | eval x=len(a, b)", "len() takes 1 arguments, got 2")]
    [InlineData("* | eval x=(a+1", "unclosed '(' in expression")]
    [InlineData("* | eval x=match(a, \"(\")", "invalid regular expression")]
    [InlineData("* | eval x", "expected '=' after 'x'")]
    [InlineData("* | eval x=1 y=2", "unexpected text after the eval expression")]
    public void Type_and_syntax_errors_before_anything_runs(string search, string message)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, [Sample.Clone()]));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
