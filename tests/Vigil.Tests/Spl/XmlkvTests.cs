using Vigil.Spl.Syntax;
using Vigil.Tests.Support;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// xmlkv, pinned to the Splunk Search Reference "xmlkv" page
/// (https://docs.splunk.com/Documentation/Splunk/latest/SearchReference/Xmlkv).
/// </summary>
public class XmlkvTests
{
    // A 4698 (scheduled task created) Message holds the task's XML; ESCU: xmlkv Message | search Command IN (...).
    private const string Task = """
        A scheduled task was created.
        Task Content: <?xml version="1.0" encoding="UTF-16"?>
        <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
          <RegistrationInfo><Author>CORP\bob</Author><URI>\Updater</URI></RegistrationInfo>
          <Settings><Enabled>true</Enabled><Hidden>false</Hidden></Settings>
          <Actions Context="Author"><Exec><Command>rundll32.exe</Command><Arguments>shell32.dll,Control_RunDLL &quot;x.cpl&quot;</Arguments></Exec></Actions>
        </Task>
        """;

    [Fact]
    public void Elements_holding_text_become_fields_named_by_their_tag()
    {
        // "From the following XML, name is the key and Settlers of Catan is the value".
        var row = Run("* | xmlkv Message", [Row(("Message", Task))]).Rows[0];
        Assert.Equal("rundll32.exe", row["Command"].ToString());
        Assert.Equal("shell32.dll,Control_RunDLL \"x.cpl\"", row["Arguments"].ToString());
        Assert.Equal(@"CORP\bob", row["Author"].ToString());
        Assert.Equal("true", row["Enabled"].ToString());
        Assert.False(row.Has("Exec"));
        Assert.False(row.Has("Context"));
    }

    [Fact]
    public void Raw_is_read_by_default_and_a_repeated_key_keeps_its_last_value()
    {
        // "field: The field from which to extract the key and value pairs. Default: The _raw field." The page's
        // example repeats <name>; Vigil keeps the last value, as the command's assignments do.
        const string Games = "<game><name>Settlers of Catan</name><category>competitive</category></game><game><name>Ticket to Ride</name><category>competitive</category></game>";
        var row = Run("* | xmlkv maxinputs=10000", [Raw(Games)]).Rows[0];
        Assert.Equal("Ticket to Ride", row["name"].ToString());
        Assert.Equal("competitive", row["category"].ToString());
    }

    [Fact]
    public void Null_plain_text_and_empty_input()
    {
        Assert.Equal(["n=1"], Run("* | table n Message | xmlkv Message", [Row(("n", "1"))]).Lines());
        Assert.Equal(["Message=no markup here"], Run("* | table Message | xmlkv Message", [Row(("Message", "no markup here"))]).Lines());
        Assert.Empty(Run("* | xmlkv", []).Rows);
    }

    [Theory]
    [InlineData("* | xmlkv a b", "xmlkv takes one field", "b")]
    [InlineData("* | xmlkv maxinputs=lots", "maxinputs must be a whole number", "maxinputs")]
    [InlineData("* | xmlkv field=a", "unsupported xmlkv option 'field'", "field")]
    public void Broken_forms_are_errors(string search, string message, string marker)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(search.IndexOf(marker, 4, StringComparison.Ordinal), diagnostic.Position);
    }
}
