using static Vigil.Tests.Spl.EvalProbe;

namespace Vigil.Tests.Spl;

/// <summary>
/// Multivalue eval functions. Authority: Splunk Search Reference 10.0, "Multivalue eval functions"
/// (help.splunk.com/en/splunk-enterprise/spl-search-reference/10.0/evaluation-functions/multivalue-eval-functions).
/// Results render their values joined by '|'; a result of one value is a single value, of none null.
/// </summary>
public class EvalMultivalueTests
{
    private static readonly string[] Names = ["alex", "celestino", "claudia", "david", "ikraam", "nyah", "rutherford", "wei"];
    private static readonly string[] Ponies = ["buttercup", "dash", "flutter", "honey", "ivory", "minty", "pinky", "rarity"];

    [Theory]
    [InlineData("mvappend(\"localhost\", srcip)", "localhost|203.0.113.0|203.0.113.9")]
    [InlineData("mvappend(mvappend(\"localhost\", srcip), destip, \"192.168.1.1\")", "localhost|203.0.113.0|203.0.113.9|203.0.113.255|192.168.1.1")]
    [InlineData("mvappend(missing, destip)", "203.0.113.255")]
    [InlineData("mvappend(missing, null())", null)]
    public void Mvappend_joins_every_value_of_every_argument(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("srcip", new[] { "203.0.113.0", "203.0.113.9" }), ("destip", "203.0.113.255")));

    [Theory]
    [InlineData("mvcount(mv)", "3")]
    [InlineData("mvcount(s)", "1")]
    [InlineData("mvcount(missing)", null)]
    [InlineData("mvcount(split(To,\"@\"))-1", "2")]
    [InlineData("mvdedup(dup)", "b|a")]
    [InlineData("mvdedup(missing)", null)]
    [InlineData("mvjoin(mv, \";\")", "p;q;r")]
    [InlineData("mvjoin(mvrange(1,6), \" OR \")", "1 OR 2 OR 3 OR 4 OR 5")]
    [InlineData("mvjoin(s, \",\")", "x")]
    [InlineData("mvjoin(missing, \",\")", null)]
    [InlineData("mvreverse(split(\"1,2,3\", \",\"))", "3|2|1")]
    [InlineData("mvsort(nums)", "10|100|70|9")]
    [InlineData("mvsort(split(\"b,B,a\", \",\"))", "B|a|b")]
    [InlineData("mvsort(missing)", null)]
    public void Count_dedup_join_reverse_sort(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("mv", new[] { "p", "q", "r" }), ("s", "x"), ("To", "a@x.com,b@y.com"),
            ("dup", new[] { "b", "a", "b" }), ("nums", new[] { "10", "9", "70", "100" })));

    // mvfind: 0-based index of the first value matching the regex; NULL when none does.
    [Theory]
    [InlineData("mvfind(mymvfield, \"err\\d+\")", "1")]
    [InlineData("mvfind(mymvfield, \"nomatch\")", null)]
    [InlineData("mvfind(missing, \"a\")", null)]
    [InlineData("mvfind(mymvfield, pattern)", "2")]
    [InlineData("if(mvfind(mymvfield, \"^ok$\") >= 0, 1, 0)", "1")]
    public void Mvfind(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("mymvfield", new[] { "ok", "err42", "warn" }), ("pattern", "^w")));

    // mvindex: the page's names (0..7) and ponies (-8..-1) examples; out of range is NULL.
    [Theory]
    [InlineData("mvindex(names,2)", "claudia")]
    [InlineData("mvindex(names,0,3)", "alex|celestino|claudia|david")]
    [InlineData("mvindex(ponies,-1)", "rarity")]
    [InlineData("mvindex(ponies,-3)", "minty")]
    [InlineData("mvindex(ponies, -3, -1)", "minty|pinky|rarity")]
    [InlineData("mvindex(names, 8)", null)]
    [InlineData("mvindex(names, -9)", null)]
    [InlineData("mvindex(names, 3, 1)", null)]
    [InlineData("mvindex(names, 6, 20)", "rutherford|wei")]
    [InlineData("mvindex(missing, 0)", null)]
    [InlineData("mvindex(\"solo\", 0)", "solo")]
    public void Mvindex(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("names", Names), ("ponies", Ponies)));

    // mvfilter: the expression references one field and keeps the values it is true for.
    [Theory]
    [InlineData("mvfilter(match(email, \"\\.net$\") OR match(email, \"\\.org$\"))", "a@b.net|c@d.org")]
    [InlineData("mvfilter(NOT match(email, \"\\.com$\"))", "a@b.net|c@d.org")]
    [InlineData("mvfilter(email LIKE \"c%\")", "c@d.org")]
    [InlineData("mvfilter(email=\"none\")", null)]
    [InlineData("mvfilter(isnotnull(missing))", null)]
    public void Mvfilter(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("email", new[] { "a@b.net", "x@y.com", "c@d.org" })));

    [Fact]
    public void Mvfilter_leaves_the_field_as_it_was()
    {
        var result = Vigil.Tests.Support.Spl.Run("* | eval n=mvcount(mvfilter(match(v, \"^a\"))), after=mvjoin(v, \",\")",
            [Vigil.Tests.Support.Spl.Row(("v", new[] { "ab", "b", "ac" }))]);
        Assert.Equal("2", result.Rows[0]["n"].ToString());
        Assert.Equal("ab,b,ac", result.Rows[0]["after"].ToString());
        Assert.Equal(["v", "n", "after"], result.Rows[0].Names);
    }

    [Fact]
    public void Escu_mvfilter_in_mvcount_and_mvdedup()
    {
        // windows_powershell_*: if(match(process, "^http$"), mvcount(mvfilter(match(process, "^http$"))), 0)
        Assert.Equal("2", Eval("if(match(process, \"^http$\"), mvcount(mvfilter(match(process, \"^http$\"))), 0)", ("process", new[] { "http", "get", "http" })));

        // detect_remote_access_software_usage_*: mvdedup(mvfilter(NOT match(rmm_exception, "false")))
        Assert.Equal("true", Eval("mvdedup(mvfilter(NOT match(rmm_exception,\"false\")))", ("rmm_exception", new[] { "false", "true", "true" })));
    }

    // mvmap: the expression over each value, the field in the first argument bound to that value.
    [Theory]
    [InlineData("mvmap(results, results*10)", "10|20|30")]
    [InlineData("mvmap(results, results*threshold)", "2|4|6")]
    [InlineData("mvmap(mvindex(results, 1,2), results*threshold)", "4|6")]
    [InlineData("mvmap(single, single+1)", "6")]
    [InlineData("mvmap(missing, missing+1)", null)]
    public void Mvmap(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("results", new[] { "1", "2", "3" }), ("threshold", "2"), ("single", "5")));

    [Fact]
    public void Escu_mvmap_set_difference_drops_null_results()
    {
        // windows_ad_gpo_new_cse_addition.yml: values of object_attrs_new that are not in object_attrs_old.
        Assert.Equal("c|d", Eval("mvmap(object_attrs_new,if(isnull(mvfind(object_attrs_old,object_attrs_new)),object_attrs_new,null))",
            ("object_attrs_new", new[] { "a", "c", "b", "d" }), ("object_attrs_old", new[] { "a", "b" })));
    }

    // mvrange: 1,11,2 is 1 3 5 7 9; the end is excluded.
    [Theory]
    [InlineData("mvrange(1,11,2)", "1|3|5|7|9")]
    [InlineData("mvrange(1,6)", "1|2|3|4|5")]
    [InlineData("mvrange(5,1,-2)", "5|3")]
    [InlineData("mvrange(1,1)", null)]
    [InlineData("mvrange(1,5,0)", null)]
    [InlineData("mvrange(missing,5)", null)]
    [InlineData("mvrange(0,2,0.5)", "0|0.5|1|1.5")]
    public void Mvrange(string expression, string? expected) => Assert.Equal(expected, Eval(expression));

    [Fact]
    public void Mvrange_with_a_time_span_steps_through_the_calendar()
    {
        // The page's example: 1/1/2018 to 4/19/2018 by 7d; its output steps 604800 s, then 601200 s across the US
        // daylight-saving change of 11 March 2018 (the server's zone).
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        Assert.Equal(
            "1514834731|1515439531|1516044331|1516649131|1517253931|1517858731|1518463531|1519068331|1519673131|1520277931|1520879131|1521483931|1522088731|1522693531|1523298331|1523903131",
            Eval("mvrange(1514834731,1524134919,\"7d\")", zone));
    }

    // mvzip: first with first, second with second; comma by default; as many pairs as the shorter has.
    [Theory]
    [InlineData("mvzip(hosts,ports)", "a,80|b,443")]
    [InlineData("mvzip(mvzip(hosts,ports,\"|\"),protos,\"|\")", "a|80|tcp|b|443|udp")]
    [InlineData("mvzip(hosts, one, \":\")", "a:x")]
    [InlineData("mvzip(hosts, missing)", null)]
    public void Mvzip(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("hosts", new[] { "a", "b" }), ("ports", new[] { "80", "443" }), ("protos", new[] { "tcp", "udp" }), ("one", "x")));

    // split: on the delimiter; "" gives one value per character; every value of a multivalue is split.
    [Theory]
    [InlineData("split(test,\";\")", "buttercup|rarity|dash")]
    [InlineData("split(\"abcd\",\"\")", "a|b|c|d")]
    [InlineData("split(\"1a2b3c4def567890\",\"def\")", "1a2b3c4|567890")]
    [InlineData("split(\"name::value\",\"::\")", "name|value")]
    [InlineData("split(\"a,,b\", \",\")", "a||b")]
    [InlineData("split(\"😀x\", \"\")", "😀|x")]
    [InlineData("split(mv, \"-\")", "a|b|c")]
    [InlineData("split(missing, \",\")", null)]
    [InlineData("split(\"abc\", missing)", null)]
    public void Split(string expression, string? expected) =>
        Assert.Equal(expected, Eval(expression, ("test", "buttercup;rarity;dash"), ("mv", new[] { "a-b", "c" })));

    // Multivalue arguments to single-value functions read the first value (text-functions: "not supported on
    // multivalue fields"); comparisons and tests pass when any value does.
    [Fact]
    public void Single_value_functions_read_the_first_value()
    {
        Assert.Equal("3", Eval("len(mv)", ("mv", new[] { "abc", "defgh" })));
        Assert.Equal("b", Eval("substr(mv, 2, 1)", ("mv", new[] { "abc", "defgh" })));
        Assert.Equal("1", Eval("if(mv=\"defgh\", 1, 0)", ("mv", new[] { "abc", "defgh" })));
        Assert.Equal("1", Eval("if(in(mv, \"x\", \"defgh\"), 1, 0)", ("mv", new[] { "abc", "defgh" })));
        Assert.Equal("abc|defgh", Eval("coalesce(missing, mv)", ("mv", new[] { "abc", "defgh" })));
    }
}
