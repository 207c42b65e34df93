using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// fromjson, pinned to the Splunk Search Reference "fromjson" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Fromjson).
/// </summary>
public class FromjsonTests
{
    [Fact]
    public void Top_level_keys_become_fields()
    {
        // "fromjson returns keys as fields and key values as field values": {"name":"Albert", "age":63} gives
        // name=Albert and age=63, the object field kept.
        var row = Run("* | fromjson object", [Row(("object", """{"name":"Albert", "age":63}"""))]).Rows[0];
        Assert.Equal("Albert", row["name"].ToString());
        Assert.Equal("63", row["age"].ToString());
        Assert.True(row.Has("object"));
    }

    [Fact]
    public void Prefix_is_put_before_each_name()
    {
        // "including prefix=my_ in the search adds my_ to the beginning of field names in the results".
        var row = Run("* | fromjson object prefix=json_", [Row(("object", """{"name":"Albert","age":63}"""))]).Rows[0];
        Assert.Equal("Albert", row["json_name"].ToString());
        Assert.False(row.Has("name"));
    }

    [Fact]
    public void Arrays_become_multivalues_and_objects_stay_json()
    {
        // "Converts JSON-formatted objects into multivalue fields". ESCU: fromjson Data | stats values(zu) ...
        var data = """{"zu":["http://a","http://b"],"nested":{"x":1},"flag":true,"none":null,"empty":[],"mixed":[1,{"k":"v"},null]}""";
        var row = Run("* | fromjson Data", [Row(("Data", data))]).Rows[0];
        Assert.Equal(["http://a", "http://b"], row["zu"].Values);
        Assert.Equal("""{"x":1}""", row["nested"].ToString());
        Assert.Equal("true", row["flag"].ToString());
        Assert.False(row.Has("none"));
        Assert.False(row.Has("empty"));
        Assert.Equal(["1", """{"k":"v"}"""], row["mixed"].Values);
    }

    [Fact]
    public void Null_non_json_multivalue_and_empty_input()
    {
        Assert.Equal(["n=1"], Run("* | table n Data | fromjson Data", [Row(("n", "1"))]).Lines());
        Assert.Equal(["Data=not json"], Run("* | table Data | fromjson Data", [Row(("Data", "not json"))]).Lines());
        Assert.Equal(["Data=[1,2]"], Run("* | table Data | fromjson Data", [Row(("Data", "[1,2]"))]).Lines());
        Assert.Equal("1", Run("* | fromjson Data", [Row(("Data", new[] { """{"a":1}""", """{"a":2}""" }))]).Rows[0]["a"].ToString());
        Assert.Empty(Run("* | fromjson Data", []).Rows);
    }

    [Theory]
    [InlineData("* | fromjson", "fromjson needs a field", "fromjson")]
    [InlineData("* | fromjson a b", "fromjson takes one field", "b")]
    [InlineData("* | fromjson a suffix=x", "unsupported fromjson option 'suffix'", "suffix")]
    public void Broken_forms_are_errors(string search, string message, string marker)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
    }
}
