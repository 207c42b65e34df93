using static Vigil.Tests.Spl.EvalProbe;

namespace Vigil.Tests.Spl;

/// <summary>
/// How eval and where read expressions: operator precedence, operator words and function names in any case, and
/// the type checks made before a search runs. Authority: Splunk Search Reference, "eval" (Usage: Operators, Boolean
/// expressions) at help.splunk.com/en/splunk-enterprise/search/spl-search-reference/10.0/search-commands/eval.
/// </summary>
public class EvalSyntaxTests
{
    // eval page, "Boolean expressions": evaluated in the order parentheses, NOT, AND, OR, XOR. So XOR is the loosest:
    // true XOR true OR true is true XOR (true OR true), false; (true XOR true) OR true would be true.
    [Theory]
    [InlineData("if(true() XOR true() OR true(), 1, 0)", "0")]
    [InlineData("if((true() XOR true()) OR true(), 1, 0)", "1")]
    [InlineData("if(true() OR false() XOR true(), 1, 0)", "0")]
    [InlineData("if(false() AND false() OR true(), 1, 0)", "1")]
    [InlineData("if(true() OR true() AND false(), 1, 0)", "1")]
    [InlineData("if(NOT false() AND false(), 1, 0)", "0")]
    [InlineData("if(NOT (false() AND false()), 1, 0)", "1")]
    [InlineData("if(true() XOR false() AND false(), 1, 0)", "1")]
    public void Not_binds_tighter_than_and_than_or_than_xor(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression));

    [Fact]
    public void Where_uses_the_same_order()
    {
        // eval page: the where command evaluates Boolean expressions in the same order as eval.
        Assert.False(Where("a=1 XOR a=1 OR a=1", ("a", "1")));
        Assert.True(Where("a=2 AND a=2 OR a=1", ("a", "1")));
    }

    // ESCU writes operators in lower case (gsuite_suspicious_shared_file_name: "where not x=... and y=...");
    // Splunk's eval reads them in any case.
    [Theory]
    [InlineData("if(a>1 and b>1, 1, 0)", "1")]
    [InlineData("if(a>100 or b>1, 1, 0)", "1")]
    [InlineData("if(not a>100, 1, 0)", "1")]
    [InlineData("if(a>1 xor b>1, 1, 0)", "0")]
    [InlineData("if(s like \"He%\", 1, 0)", "1")]
    [InlineData("if(s Like \"he%\", 1, 0)", "0")]
    [InlineData("if(s in (\"x\", \"Hello\"), 1, 0)", "1")]
    [InlineData("if(s In(\"x\"), 1, 0)", "0")]
    [InlineData("if(a>1 And Not b>5, 1, 0)", "1")]
    public void Operator_words_are_read_in_any_case(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, ("a", "7"), ("b", "2"), ("s", "Hello")));

    [Theory]
    [InlineData("if(s=\"x and y\", 1, 0)", "1")]
    [InlineData("if(s=\"x AND y\", 1, 0)", "0")]
    [InlineData("if(android=\"phone\" and order=\"7\", 1, 0)", "1")]
    [InlineData("if(notes=\"n\" or xor_flag=\"1\", 1, 0)", "1")]
    public void Operator_words_are_not_read_inside_strings_or_field_names(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, ("s", "x and y"), ("android", "phone"), ("order", "7"), ("notes", "n")));

    // ESCU writes CASE(, LIKE(, ISNOTNULL( (windows_uac_bypass..., linux_auditd_* detections).
    [Theory]
    [InlineData("CASE(a>10, \"big\", true(), \"small\")", "small")]
    [InlineData("If(a>1, \"y\", \"n\")", "y")]
    [InlineData("if(LIKE(s, \"He%\"), 1, 0)", "1")]
    [InlineData("if(Match(s, \"^H\"), 1, 0)", "1")]
    [InlineData("if(ISNOTNULL(s), 1, 0)", "1")]
    [InlineData("LEN(s)", "5")]
    [InlineData("Upper(s)", "HELLO")]
    public void Function_names_are_read_in_any_case(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, ("a", "7"), ("s", "Hello")));

    // linux_auditd_find_private_keys writes "LIKE (process_exec, ...)"; o365_advanced_audit_disabled "mvindex (...)".
    [Theory]
    [InlineData("if(LIKE (s, \"He%\"), 1, 0)", "1")]
    [InlineData("mvindex (mv, 1)", "q")]
    [InlineData("coalesce  (missing, s)", "Hello")]
    public void A_function_name_may_have_spaces_before_its_parenthesis(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, ("s", "Hello"), ("mv", new[] { "p", "q" })));

    [Fact]
    public void Escu_linux_auditd_find_private_keys_where_clause()
    {
        // linux_auditd_find_private_keys.yml, as ESCU writes it.
        const string Where = "(LIKE (process_exec, \"%find%\") OR LIKE (process_exec, \"%grep%\")) AND (LIKE (process_exec, \"%.pem%\") OR LIKE (process_exec, \"%.key%\")OR LIKE (process_exec, \"%.ppk%\"))";
        Assert.True(EvalProbe.Where(Where, ("process_exec", "find / -name *.pem")));
        Assert.False(EvalProbe.Where(Where, ("process_exec", "find / -name *.txt")));
        Assert.False(EvalProbe.Where(Where, ("process_exec", "cat id.pem")));
    }

    [Fact]
    public void Escu_gsuite_where_clause_with_lower_case_not_and()
    {
        // gsuite_suspicious_shared_file_name.yml: NOT binds to the first comparison only.
        const string Where = "not source_domain=\"internal_test_email.com\" and dest_domain=\"internal_test_email.com\"";
        Assert.True(EvalProbe.Where(Where, ("source_domain", "evil.com"), ("dest_domain", "internal_test_email.com")));
        Assert.False(EvalProbe.Where(Where, ("source_domain", "internal_test_email.com"), ("dest_domain", "internal_test_email.com")));
        Assert.False(EvalProbe.Where(Where, ("source_domain", "evil.com"), ("dest_domain", "other.com")));
    }

    // eval page: "The eval command cannot accept a Boolean value"; functions take tests or values where documented.
    [Theory]
    [InlineData("* | eval x=cidrmatch(\"10.0.0.0/8\", a)", "is a test (true/false), not a value")]
    [InlineData("* | eval x=mvfilter(a)", "argument 1 of mvfilter() must be a test")]
    [InlineData("* | eval x=mvcount(a>1)", "argument 1 of mvcount() must be a value, not a test")]
    [InlineData("* | eval x=validate(a, \"bad\")", "argument 1 of validate() must be a test")]
    [InlineData("* | where relative_time(now(), \"-1d\")", "must be a test")]
    [InlineData("* | eval x=sigfig(1.00*a)", "unsupported eval function 'sigfig'")]
    [InlineData("* | eval x=exact(a)", "unsupported eval function 'exact'")]
    [InlineData("* | eval x=searchmatch(\"a=1\")", "unsupported eval function 'searchmatch'")]
    [InlineData("* | eval x=json_extract(a, \"b\")", "unsupported eval function 'json_extract'")]
    [InlineData("* | eval x=spath(a, \"b\")", "unsupported eval function 'spath'")]
    [InlineData("* | eval x=Nosuch (a)", "unsupported eval function 'Nosuch'")]
    [InlineData("* | eval x=mvfilter(match(a, \"x\") OR match(b, \"y\"))", "mvfilter() needs exactly one field in its expression, found a, b")]
    [InlineData("* | eval x=mvmap(split(\"a,b\", \",\"), 1)", "mvmap() needs exactly one field in its first argument, found none")]
    [InlineData("* | eval x=tostring(a, \"octal\")", "unsupported tostring() format \"octal\"")]
    [InlineData("* | eval x=case(a>1, 1, a>2)", "case() takes pairs of condition and value")]
    public void Type_and_form_errors_before_anything_runs(string search, string message) =>
        Assert.Contains(message, CompileError(search), StringComparison.Ordinal);

    [Fact]
    public void Tests_and_values_go_where_each_function_takes_them()
    {
        // Conversion functions page: tostring(1==1) is "True" (a test is a valid argument); Informational functions
        // page: typeof(1==2) is "Bool", isbool(1==2) is true.
        Assert.Equal("True", Eval("tostring(1==1)"));
        Assert.Equal("Bool", Eval("typeof(1==2)"));
        Assert.Equal("1", Eval("if(isbool(1==2), 1, 0)"));
    }
}
