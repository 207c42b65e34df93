using static Vigil.Tests.Spl.EvalProbe;

namespace Vigil.Tests.Spl;

/// <summary>
/// Single-value eval functions, one page of the Splunk Search Reference (10.0, "Evaluation functions") per test
/// group; each case cites the page's example or the rule it pins. Pages are under
/// help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/.
/// </summary>
public class EvalFunctionTests
{
    private static readonly string[] Mv = ["p", "q", "r"];

    // comparison-and-conditional-functions
    [Theory]
    [InlineData("case(status==200, \"OK\", status==404, \"Not found\", status==500, \"Internal Server Error\")", "404", "Not found")]
    [InlineData("case(status==200, \"OK\", status==404, \"Not found\")", "408", null)]
    [InlineData("case(status==200,\"OK\", status==404, \"Not found\", true(), \"Other\")", "406", "Other")]
    [InlineData("if(status == 200, \"OK\", \"Error\")", "200", "OK")]
    [InlineData("if(in(status, \"404\",\"500\",\"503\"),\"true\",\"false\")", "500", "true")]
    [InlineData("if(status in(\"400\", \"401\"), 1, 0)", "402", "0")]
    [InlineData("nullif(status, \"200\")", "200", null)]
    [InlineData("nullif(status, \"200\")", "404", "404")]
    [InlineData("validate(isint(status), \"ERROR: not an integer\", status >= 1 AND status <= 599, \"ERROR: out of range\")", "700", "ERROR: out of range")]
    [InlineData("validate(isint(status), \"ERROR: not an integer\", status >= 1 AND status <= 599, \"ERROR: out of range\")", "abc", "ERROR: not an integer")]
    [InlineData("validate(isint(status), \"ERROR: not an integer\", status >= 1 AND status <= 599, \"ERROR: out of range\")", "200", null)]
    [InlineData("coalesce(missing, null(), status)", "200", "200")]
    [InlineData("coalesce(missing, null())", "200", null)]
    public void Conditional_functions(string expression, string status, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("status", status)));

    // cidrmatch: IPv4 and IPv6 (the page's examples); a malformed block or address, or null, is false; a
    // multivalue matches when any address does, as comparisons do.
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.3.0", "false")]
    [InlineData("192.0.2.0/24", "192.0.2.56", "true")]
    [InlineData("2001:0db8:ffff:ffff:ffff:ffff:ffff:ff00/120", "2001:0db8:ffff:ffff:ffff:ffff:ffff:ff99", "true")]
    [InlineData("10.0.0.0/8", "10.1.2.3", "true")]
    [InlineData("10.0.0.0/8", "not an ip", "false")]
    [InlineData("10.0.0.0/33", "10.1.2.3", "false")]
    [InlineData("10.0.0.0/8", null, "false")]
    public void Cidrmatch(string subnet, string? ip, string expected) =>
        Assert.Equal(expected, Eval("if(cidrmatch(subnet, ip), \"true\", \"false\")", ("subnet", subnet), ("ip", ip)));

    [Fact]
    public void Escu_cidrmatch_chain_with_a_multivalue_address()
    {
        // detect_outbound_smb_traffic.yml writes cidrmatch("10.0.0.0/8" ,dest_ip) with a space before the comma.
        Assert.Equal("1", Eval("case(cidrmatch(\"10.0.0.0/8\" ,dest_ip) ,\"1\", cidrmatch(\"172.16.0.0/12\" ,dest_ip), \"1\", true(), \"0\")", ("dest_ip", new[] { "8.8.8.8", "172.16.5.4" })));
        Assert.Equal("0", Eval("case(cidrmatch(\"10.0.0.0/8\" ,dest_ip) ,\"1\", true(), \"0\")", ("dest_ip", "8.8.8.8")));
    }

    // like: % and _ wildcards, case-sensitive; match: any substring; both null-safe (false) and true for a
    // multivalue when any value passes.
    [Theory]
    [InlineData("if(like(field, \"foo%\"), \"yes a foo\", \"not a foo\")", "foobar", "yes a foo")]
    [InlineData("if(like(field, \"198.%\"), 1, 0)", "198.51.100.1", "1")]
    [InlineData("if(like(field, \"a_c\"), 1, 0)", "abc", "1")]
    [InlineData("if(like(field, \"a_c\"), 1, 0)", "abbc", "0")]
    [InlineData("if(like(field, \"_b\"), 1, 0)", "😀b", "1")]
    [InlineData("if(like(field, \"A%\"), 1, 0)", "abc", "0")]
    [InlineData("if(like(field, \"a.c\"), 1, 0)", "abc", "0")]
    [InlineData("if(like(missing, \"%\"), 1, 0)", "abc", "0")]
    [InlineData("if(match(field, \"^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$\"), 1, 0)", "10.1.2.3", "1")]
    [InlineData("if(match(field, \"yes\"), 1, 0)", "oh yes", "1")]
    [InlineData("if(match(missing, \".*\"), 1, 0)", "abc", "0")]
    [InlineData("if(match(field, missing), 1, 0)", "abc", "0")]
    public void Like_and_match(string expression, string field, string expected) =>
        Assert.Equal(expected, Eval(expression, ("field", field)));

    [Fact]
    public void Like_and_match_on_a_multivalue_pass_when_any_value_does()
    {
        Assert.Equal("1", Eval("if(like(mv, \"q%\"), 1, 0)", ("mv", Mv)));
        Assert.Equal("1", Eval("if(mv LIKE \"r\", 1, 0)", ("mv", Mv)));
        Assert.Equal("1", Eval("if(match(mv, \"^r$\"), 1, 0)", ("mv", Mv)));
        Assert.Equal("0", Eval("if(match(mv, \"^s$\"), 1, 0)", ("mv", Mv)));
    }

    // informational-functions: typeof's example returns "NumberStringBoolInvalid"; a quoted literal is a string,
    // a field's value that reads as a number is a number (the isnum NaN discussion).
    [Theory]
    [InlineData("typeof(12) + typeof(\"string\") + typeof(1==2) + typeof(badfield)", "NumberStringBoolInvalid")]
    [InlineData("typeof(n)", "Number")]
    [InlineData("typeof(s)", "String")]
    [InlineData("typeof(\"12\")", "String")]
    [InlineData("if(isnum(n), 1, 0)", "1")]
    [InlineData("if(isnum(\"12\"), 1, 0)", "0")]
    [InlineData("if(isnum(\"anystring\"), 1, 0)", "0")]
    [InlineData("if(isstr(\"anystring\"), 1, 0)", "1")]
    [InlineData("if(isstr(s), 1, 0)", "1")]
    [InlineData("if(isint(n), \"int\", \"not int\")", "int")]
    [InlineData("if(isint(f), \"int\", \"not int\")", "not int")]
    [InlineData("if(isint(s), \"int\", \"not int\")", "not int")]
    [InlineData("if(isbool(1==2), \"True\", \"False\")", "True")]
    [InlineData("if(isbool(n), \"True\", \"False\")", "False")]
    [InlineData("if(ismv(mv), 1, 0)", "1")]
    [InlineData("if(ismv(s), 1, 0)", "0")]
    [InlineData("if(isnull(missing), 1, 0)", "1")]
    [InlineData("if(isnotnull(s), 1, 0)", "1")]
    public void Informational_functions(string expression, string expected) =>
        Assert.Equal(expected, Eval(expression, ("n", "12"), ("f", "12.5"), ("s", "abc"), ("mv", Mv)));

    // text-functions
    [Theory]
    [InlineData("len(\"buttercup\")", "9")]
    [InlineData("len(\"Ü&Co\")", "4")]
    [InlineData("len(\"e\u0301\")", "2")]
    [InlineData("len(\"😀a\")", "2")]
    [InlineData("len(missing)", null)]
    [InlineData("len(mv)", "1")]
    [InlineData("ltrim(\" ZZZZabcZZ \", \" Z\")", "abcZZ ")]
    [InlineData("rtrim(\" ZZZZabcZZ \", \" Z\")", " ZZZZabc")]
    [InlineData("trim(\" ZZZZabcZZ \", \" Z\")", "abc")]
    [InlineData("trim(\"\t x \t\")", "x")]
    [InlineData("trim(missing)", null)]
    [InlineData("replace(date, \"^(\\d{1,2})/(\\d{1,2})/\", \"\\2/\\1/\")", "14/1/2023")]
    [InlineData("replace(missing, \"a\", \"b\")", null)]
    [InlineData("substr(\"string\", 1, 3) + substr(\"string\", -3)", "string")]
    [InlineData("substr(\"string\", 2)", "tring")]
    [InlineData("substr(\"string\", 0, 2)", "s")]
    [InlineData("substr(\"string\", 4, -2)", "tr")]
    [InlineData("substr(\"abc\", -5, 3)", "a")]
    [InlineData("substr(\"abc\", 5)", "")]
    [InlineData("substr(\"😀bc\", 2, 1)", "b")]
    [InlineData("substr(missing, 1)", null)]
    [InlineData("substr(\"abc\", missing)", null)]
    [InlineData("upper(mv)", "P|Q|R")]
    [InlineData("lower(\"ÀB\")", "àb")]
    [InlineData("urldecode(\"http%3A%2F%2Fwww.splunk.com%2Fdownload%3Fr%3Dheader\")", "http://www.splunk.com/download?r=header")]
    [InlineData("urldecode(\"%C3%9Cber%20100%\")", "Über 100%")]
    [InlineData("urldecode(\"a+b%zz\")", "a+b%zz")]
    [InlineData("urldecode(missing)", null)]
    public void Text_functions(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("date", "1/14/2023"), ("mv", Mv)));

    [Fact]
    public void Escu_auditd_proctitle_macro_decodes_the_hex_command_line()
    {
        // linux_auditd_normalized_proctitle_process macro: hex PROCTITLE, NUL separators made spaces, then
        // urldecode(replace(..., "([0-9A-F]{2})", "%\1")).
        var search = "* | eval normalized_proctitle_delimiter = if(type==\"PROCTITLE\" AND isnotnull(proctitle), if(match(proctitle,\"^[0-9A-F]+$\"), replace(proctitle, \"000\", \"020\"),proctitle),null())"
            + " | eval normalized_proctitle_delimiter  = if(type==\"PROCTITLE\" AND isnotnull(proctitle), if(match(normalized_proctitle_delimiter,\"^[0-9A-F]+$\"), replace(normalized_proctitle_delimiter, \"00\", \"20\"),normalized_proctitle_delimiter),null())"
            + " | eval process_exec = if(match(normalized_proctitle_delimiter,\"^[0-9A-F]+$\"),urldecode(replace(normalized_proctitle_delimiter,\"([0-9A-F]{2})\",\"%\\1\")),normalized_proctitle_delimiter)";
        var result = Vigil.Tests.Support.Spl.Run(search, [Vigil.Tests.Support.Spl.Row(("type", "PROCTITLE"), ("proctitle", "7573657261646400626F62"))]);
        Assert.Equal("useradd bob", result.Rows[0]["process_exec"].ToString());
    }

    // mathematical-functions
    [Theory]
    [InlineData("abs(-3.5)", "3.5")]
    [InlineData("abs(\"x\")", null)]
    [InlineData("ceil(1.9)", "2")]
    [InlineData("ceiling(-1.5)", "-1")]
    [InlineData("floor(1.9)", "1")]
    [InlineData("floor(HourOfDay/4)*4", "20")]
    [InlineData("exp(0)", "1")]
    [InlineData("exp(3)", "20.085536923187668")]
    [InlineData("ln(1)", "0")]
    [InlineData("ln(0)", null)]
    [InlineData("log(100)", "2")]
    [InlineData("log(8, 2)", "3")]
    [InlineData("pi()", "3.14159265359")]
    [InlineData("pow(2, 10)", "1024")]
    [InlineData("pow(10,3)", "1000")]
    [InlineData("round(3.5)", "4")]
    [InlineData("round(2.555, 2)", "2.56")]
    [InlineData("round(-2.5)", "-3")]
    [InlineData("round(missing)", null)]
    [InlineData("sqrt(9)", "3")]
    [InlineData("sqrt(-1)", null)]
    [InlineData("sqrt(missing)", null)]
    [InlineData("sqrt(mv)", "2")]
    public void Math_functions(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("HourOfDay", "23"), ("mv", new[] { "4", "9" })));

    [Fact]
    public void Escu_spike_detection_formula()
    {
        // detect_spike_in_aws_api_activity.yml: sqrt and pow over stats fields.
        var value = Eval("sqrt(((pow(stdevApiCalls, 2)*719 + (latestCount-newAvgApiCalls)*(latestCount-avgApiCalls))/720))",
            ("stdevApiCalls", "2"), ("latestCount", "10"), ("newAvgApiCalls", "4"), ("avgApiCalls", "4"));
        Assert.Equal(Math.Sqrt(((4.0 * 719) + 36) / 720).ToString("R", System.Globalization.CultureInfo.InvariantCulture), value);
    }

    // statistical-eval-functions: numbers before strings, strings lexicographic; multivalues are searched.
    [Theory]
    [InlineData("max(1, 3, 6, 7, \"foo\", name)", "baz", "foo")]
    [InlineData("max(1, 3, 6, 7, \"foo\", name)", "zaz", "zaz")]
    [InlineData("min(3, 6, 7, \"maria\", name)", "9", "3")]
    [InlineData("min(3, 6, 7, \"maria\", name)", "1", "1")]
    [InlineData("max(30, \"10\")", "x", "10")]
    [InlineData("max(9, name)", "10", "10")]
    [InlineData("min(missing)", "x", null)]
    [InlineData("max(missing, 2)", "x", "2")]
    public void Min_and_max(string expression, string name, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("name", name)));

    [Fact]
    public void Min_and_max_of_a_multivalue()
    {
        // The page's makemv examples: max of 1 3 5 6 4 2 is 6, min of 3 5 6 4 7 2 is 2.
        Assert.Equal("6", Eval("max(n)", ("n", new[] { "1", "3", "5", "6", "4", "2" })));
        Assert.Equal("2", Eval("min(n)", ("n", new[] { "3", "5", "6", "4", "7", "2" })));

        // previously_seen_cloud_* detections: eval firstTimeSeenSrc=min(firstTimeSeen) over a lookup's values.
        Assert.Equal("1600000000", Eval("min(firstTimeSeen)", ("firstTimeSeen", new[] { "1700000000", "1600000000" })));
    }

    [Fact]
    public void Random_is_an_integer_from_zero_to_2_to_the_31st_minus_one()
    {
        var value = double.Parse(Eval("random()")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(value, 0, 2147483647);
        Assert.Equal(Math.Floor(value), value);
    }

    // conversion-functions: tostring's example returns "True 0xF 12,345.68"; 615 seconds is 00:10:15.
    [Theory]
    [InlineData("tostring(1==1) + \" \" + tostring(15, \"hex\") + \" \" + tostring(12345.6789, \"commas\")", "True 0xF 12,345.68")]
    [InlineData("tostring(615, \"duration\")", "00:10:15")]
    [InlineData("tostring(90061, \"duration\")", "1+01:01:01")]
    [InlineData("tostring(1.5, \"duration\")", "00:00:01.500000")]
    [InlineData("tostring(9, \"binary\")", "1001")]
    [InlineData("tostring(1234567, \"commas\")", "1,234,567")]
    [InlineData("tostring(1==2)", "False")]
    [InlineData("tostring(n, \"hex\")", "0xFF")]
    [InlineData("tostring(\"255\", \"hex\")", "255")]
    [InlineData("tostring(s, \"hex\")", "abc")]
    [InlineData("tostring(15.5, \"hex\")", null)]
    [InlineData("tostring(-1, \"binary\")", null)]
    [InlineData("tostring(missing)", null)]
    [InlineData("tostring(n, missing)", null)]
    [InlineData("tostring(7*2)", "14")]
    [InlineData("tostring(mv, \"hex\")", "0xA|0xB")]
    [InlineData("tonumber(\"0A4\",16)", "164")]
    [InlineData("tonumber(\"0101\", 2)", "5")]
    [InlineData("tonumber(\"0x1F\", 16)", "31")]
    [InlineData("tonumber(\"z\", 36)", "35")]
    [InlineData("tonumber(\"12\", 37)", null)]
    [InlineData("tonumber(\"19\", 8)", null)]
    [InlineData("tonumber(\"3.25\")", "3.25")]
    [InlineData("tonumber(\" 12\")", null)]
    [InlineData("tonumber(\"seven\")", null)]
    [InlineData("tonumber(missing)", null)]
    public void Conversion_functions(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("n", "255"), ("s", "abc"), ("mv", new[] { "10", "11" })));

    // printf: the page's table of conversions, flags, widths and precisions (C sprintf semantics; the page's
    // rendering drops the spaces of padded results).
    [Theory]
    [InlineData("printf(\"%.3A\",pi())", "0X1.922P+1")]
    [InlineData("printf(\"%c,%c\",65,\"Foo\")", "A,F")]
    [InlineData("printf(\"%d,%i,%d\",-2,+4,30)", "-2,4,30")]
    [InlineData("printf(\"%.2e\",5139)", "5.14e+03")]
    [InlineData("printf(\"%.2f\",pi())", "3.14")]
    [InlineData("printf(\"%.2g,%.2g\",pi(),123)", "3.1,1.2e+02")]
    [InlineData("printf(\"%o\",255)", "377")]
    [InlineData("printf(\"%s%z\", \"foo\", \"bar\")", "foobar")]
    [InlineData("printf(\"%u\",99)", "99")]
    [InlineData("printf(\"%x,%X,%p\",10,10,10)", "a,A,A")]
    [InlineData("printf(\"100%%\")", "100%")]
    [InlineData("printf(\"%'d\",12345)", "12,345")]
    [InlineData("printf(\"%-4d|\",1)", "1   |")]
    [InlineData("printf(\"%04d\",1)", "0001")]
    [InlineData("printf(\"%+4d\",1)", "  +1")]
    [InlineData("printf(\"% -4d|\",1)", " 1  |")]
    [InlineData("printf(\"%#x\", 1)", "0x1")]
    [InlineData("printf(\"%*d\", 5, 123)", "  123")]
    [InlineData("printf(\"%.*f\", 1, 1.23)", "1.2")]
    [InlineData("printf(\"%*.*e\", 9, 2, pi())", " 3.14e+00")]
    [InlineData("printf(\"%04.4f %-6s|\", 3.14159, \"ab\")", "3.1416 ab    |")]
    [InlineData("printf(\"%09.2f\", -3.14159)", "-00003.14")]
    [InlineData("printf(\"%.3s\", \"abcdef\")", "abc")]
    [InlineData("printf(\"%g\", 0.0001)", "0.0001")]
    [InlineData("printf(\"%g\", 1000000)", "1e+06")]
    [InlineData("printf(\"%.0d\", 0)", "")]
    [InlineData("printf(\"%s|%d\", missing, missing)", "|0")]
    [InlineData("printf(\"%s and %s\", \"one\")", "one and ")]
    [InlineData("printf(missing)", null)]
    public void Printf(string expression, string? expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("* | eval x=printf(\"%n\", a)", "unsupported printf conversion \"%n\"")]
    [InlineData("* | eval x=printf(\"%S\", a)", "unsupported printf conversion \"%S\"")]
    [InlineData("* | eval x=printf(\"%1$s\", a)", "unsupported printf conversion \"%1$\"")]
    public void Printf_refuses_the_conversions_the_page_lists_as_unsupported(string search, string message) =>
        Assert.Contains(message, CompileError(search), StringComparison.Ordinal);

    [Fact]
    public void Escu_duration_of_a_time_difference()
    {
        // pingid_new_mfa_method_after_credential_reset.yml: tostring(abs(timeDiffRaw), "duration") then a replace
        // of "[D+]HH:MM:SS" whose greedy (\d*) takes the hours' first digit.
        Assert.Equal("2 hours 03 minutes", Eval("replace(tostring(abs(timeDiffRaw) ,\"duration\"),\"(\\d*)\\+*(\\d+):(\\d+):(\\d+)\",\"\\2 hours \\3 minutes\")", ("timeDiffRaw", "-7384")));
    }

    // cryptographic-functions: hex digests of the UTF-8 bytes.
    [Theory]
    [InlineData("md5(\"\")", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha1(\"abc\")", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("sha256(\"abc\")", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha512(\"abc\")", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("md5(missing)", null)]
    public void Cryptographic_functions(string expression, string? expected) => Assert.Equal(expected, Eval(expression));
}
