using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// spath, pinned to the Splunk Search Reference "spath" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Spath).
/// </summary>
public class SpathTests
{
    private const string Cloudtrail = """
        {"eventName":"PutBucketPolicy","userIdentity":{"arn":"arn:aws:iam::1:user/bob","type":"IAMUser"},
         "requestParameters":[{"bucketName":"logs"},{"bucketName":"backups"}],
         "policy":{"Statement":[ {"Effect": "Allow", "Action":"s3:*"}, {"Effect":"Deny","Action":["kms:Encrypt","kms:Decrypt"]} ]},
         "count":3,"ratio":1.50,"enabled":true,"deleted":false,"error":null,"name":"a \"quoted\" \u00e9"}
        """;

    [Fact]
    public void A_path_writes_its_value_to_output_or_to_a_field_named_as_the_path()
    {
        // "output: If you do not specify an output argument, the value for the path argument becomes the field name";
        // "If you do not specify the path=, the first unlabeled argument is used as the location path".
        var rows = new[] { Raw(Cloudtrail) };
        Assert.Equal(["arn:aws:iam::1:user/bob"], Run("* | spath output=user path=userIdentity.arn", rows).Column("user"));
        Assert.Equal(["arn:aws:iam::1:user/bob"], Run("* | spath userIdentity.arn", rows).Column("userIdentity.arn"));
        Assert.Equal(["3"], Run("* | spath input=_raw path=count output=c", rows).Column("c"));
    }

    [Fact]
    public void Braces_walk_arrays_and_several_values_make_a_multivalue()
    {
        // "spath output=commit_author path=commits{}.author.name"; ESCU: spath path=requestParameters{}.bucketName.
        var rows = new[] { Raw(Cloudtrail) };
        Assert.Equal(["logs", "backups"], Run("* | spath path=requestParameters{}.bucketName output=bucket_name", rows).Rows[0]["bucket_name"].Values);
        Assert.Equal(["s3:*", """["kms:Encrypt","kms:Decrypt"]"""], Run("* | spath output=a path=policy.Statement{}.Action", rows).Rows[0]["a"].Values);
        Assert.Equal(["kms:Encrypt", "kms:Decrypt"], Run("* | spath output=a path=policy.Statement{}.Action{}", rows).Rows[0]["a"].Values);
    }

    [Fact]
    public void An_object_or_array_is_written_as_its_json_and_can_be_read_again()
    {
        // ESCU: spath input=requestParameters.policy output=key_policy_statements path=Statement{} | mvexpand ... |
        // spath input=key_policy_statements output=... path=Action.
        var rows = new[] { Raw(Cloudtrail) };
        var statements = Run("* | spath output=s path=policy.Statement{}", rows).Rows[0]["s"].Values;
        Assert.Equal(["""{"Effect": "Allow", "Action":"s3:*"}""", """{"Effect":"Deny","Action":["kms:Encrypt","kms:Decrypt"]}"""], statements);
        var result = Run("* | spath output=s path=policy.Statement{} | mvexpand s | spath input=s output=effect path=Effect", rows);
        Assert.Equal(["Allow", "Deny"], result.Column("effect"));
        Assert.Equal(["x", "y"], Run("* | spath input=j output=all path={}", [Row(("j", """["x","y"]"""))]).Rows[0]["all"].Values);
    }

    [Fact]
    public void A_path_that_reaches_nothing_leaves_the_output_as_it_was()
    {
        var rows = new[] { Row(("j", """{"a":1}"""), ("out", "kept")), Row(("out", "alone")) };
        Assert.Equal(["kept", "alone"], Run("* | spath input=j path=b output=out", rows).Column("out"));
    }

    [Fact]
    public void Without_a_path_every_value_becomes_a_field_named_by_its_path()
    {
        // "If path is omitted ... the command runs in auto-extract mode ... finds and extracts all the fields".
        var result = Run("* | spath", [Raw(Cloudtrail)]);
        var row = result.Rows[0];
        Assert.Equal("PutBucketPolicy", row["eventName"].ToString());
        Assert.Equal("IAMUser", row["userIdentity.type"].ToString());
        Assert.Equal(["logs", "backups"], row["requestParameters{}.bucketName"].Values);
        Assert.Equal(["Allow", "Deny"], row["policy.Statement{}.Effect"].Values);
        Assert.Equal(["kms:Encrypt", "kms:Decrypt"], row["policy.Statement{}.Action{}"].Values);
        Assert.Equal("s3:*", row["policy.Statement{}.Action"].ToString());
        Assert.Equal("1.50", row["ratio"].ToString());
        Assert.Equal("true", row["enabled"].ToString());
        Assert.Equal("false", row["deleted"].ToString());
        Assert.Equal("null", row["error"].ToString());
        Assert.Equal("a \"quoted\" é", row["name"].ToString());
    }

    [Fact]
    public void Auto_extract_reads_the_first_5000_characters()
    {
        // "In auto-extract mode ... subject to any character read limits. The default limit is 5000 characters."
        var json = "{\"early\":\"yes\",\"pad\":\"" + new string('x', 5000) + "\",\"late\":\"no\"}";
        var row = Run("* | spath input=j", [Row(("j", json))]).Rows[0];
        Assert.Equal("yes", row["early"].ToString());
        Assert.False(row.Has("late"));
        Assert.Equal(["no"], Run("* | spath input=j path=late", [Row(("j", json))]).Column("late"));
    }

    [Fact]
    public void Xml_elements_and_attributes_become_fields()
    {
        // "path=vendorProductSet.product.desc.locDesc{@locale}": an XML attribute by @name. ESCU reads AppLocker's
        // UserData with spath input=UserData_Xml | rename RuleAndFileData.* as *.
        const string UserData = """<RuleAndFileData xmlns="http://schemas.microsoft.com/schemas/event/Microsoft.Windows/1.0.0.0"><PolicyName>EXE</PolicyName><FilePath>%SYSTEM32%\A&amp;B.EXE</FilePath><Tag>a</Tag><Tag>b</Tag></RuleAndFileData>""";
        var result = Run("* | spath input=UserData_Xml | rename RuleAndFileData.* as *", [Row(("UserData_Xml", UserData))]);
        var row = result.Rows[0];
        Assert.Equal("EXE", row["PolicyName"].ToString());
        Assert.Equal(@"%SYSTEM32%\A&B.EXE", row["FilePath"].ToString());
        Assert.Equal(["a", "b"], row["Tag"].Values);
        Assert.Equal("http://schemas.microsoft.com/schemas/event/Microsoft.Windows/1.0.0.0", row["RuleAndFileData{@xmlns}"].ToString());

        const string Event = """<Event><System><Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625}"/><EventID>4688</EventID></System></Event>""";
        var paths = Run("* | spath path=Event.System.Provider{@Name} output=provider | spath path=Event.System.EventID", [Raw(Event)]);
        Assert.Equal(["Microsoft-Windows-Security-Auditing"], paths.Column("provider"));
        Assert.Equal(["4688"], paths.Column("Event.System.EventID"));
    }

    [Fact]
    public void Null_multivalue_malformed_and_plain_text_inputs()
    {
        // Only the first value of a multivalue input is read; a cut-off document still gives what comes before the cut.
        Assert.Equal(["1"], Run("* | spath input=j path=a", [Row(("j", new[] { """{"a":1}""", """{"a":2}""" }))]).Column("a"));
        var partial = Run("* | spath input=j", [Row(("j", """{"a":1,"b":{"c":2,"d":"""))]).Rows[0];
        Assert.Equal("1", partial["a"].ToString());
        Assert.Equal("2", partial["b.c"].ToString());
        Assert.Equal(["j=plain text"], Run("* | table j | spath input=j", [Row(("j", "plain text"))]).Lines());
        Assert.Equal(["n=1"], Run("* | table n | spath input=j", [Row(("n", "1"))]).Lines());
        Assert.Empty(Run("* | spath", []).Rows);
        Assert.Equal(["j", "x"], Run("* | table j | spath input=j path=a output=x", []).Columns);
    }

    [Theory]
    [InlineData("* | spath output=x", "spath output= needs a path", "output", SplDiagnosticId.SyntaxError)]
    [InlineData("* | spath path=a{1}.b", "the spath path step '{1}' is not supported", "path=", SplDiagnosticId.UnsupportedFeature)]
    [InlineData("* | spath path=a{.b", "unclosed '{'", "path=", SplDiagnosticId.SyntaxError)]
    [InlineData("* | spath a b", "spath takes one path", "b", SplDiagnosticId.SyntaxError)]
    [InlineData("* | spath input=x limit=2", "unsupported spath option 'limit'", "limit", SplDiagnosticId.UnsupportedOption)]
    public void Unsupported_forms_are_errors(string search, string message, string marker, SplDiagnosticId id)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
    }
}
