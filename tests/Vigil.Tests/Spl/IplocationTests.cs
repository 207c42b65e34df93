using Vigil.Spl.Syntax;
using static Vigil.Tests.Support.Spl;

namespace Vigil.Tests.Spl;

/// <summary>
/// iplocation (Splunk Search Reference "iplocation": "Extracts location information from IP addresses by using 3rd-party
/// databases", MaxMind's GeoLite2-City database shipped with Splunk) is refused: Vigil ships no such database.
/// </summary>
public class IplocationTests
{
    [Theory]
    [InlineData("* | iplocation src")]
    [InlineData("* | iplocation prefix=verify_ src")]
    public void Iplocation_is_an_error_that_says_why(string search)
    {
        var error = Assert.Throws<SplCompileException>(() => Run(search, []));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains("it needs a GeoIP database", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(SplDiagnosticId.UnsupportedCommand, diagnostic.Id);
        Assert.Equal("iplocation", diagnostic.Subject);
        Assert.Equal(4, diagnostic.Position);
    }
}
