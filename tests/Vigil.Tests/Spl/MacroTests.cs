using Vigil.Spl.Definitions;
using Vigil.Spl.Macros;
using Vigil.Spl.Syntax;

namespace Vigil.Tests.Spl;

public class MacroTests
{
    private static SplDefinitions Definitions()
    {
        var definitions = new SplDefinitions();
        definitions.Add(new MacroDefinition("ctime", ["field"], "convert timeformat=\"%Y\" ctime($field$)"));
        definitions.Add(new MacroDefinition("pair", ["a", "b"], "$a$=$b$"));
        definitions.Add(new MacroDefinition("outer", [], "`inner` OR `pair(x, \"1, 2\")`"));
        definitions.Add(new MacroDefinition("inner", [], "source=s"));
        definitions.Add(new MacroDefinition("loop", [], "`loop`"));
        return definitions;
    }

    [Theory]
    [InlineData("x | `ctime(firstTime)`", "x | convert timeformat=\"%Y\" ctime(firstTime)")]
    [InlineData("`outer` y", "source=s OR x=\"1, 2\" y")]
    [InlineData("a | `my_detection_filter`", "a | search *")]
    [InlineData("a=\"`inner`\" ```a comment``` b", "a=\"source=s\"   b")]
    [InlineData("x \\` y", "x ` y")]
    public void Expands_arguments_nesting_and_default_filters(string search, string expected) =>
        Assert.Equal(expected, MacroExpander.Expand(search, Definitions()));

    [Theory]
    [InlineData("`nope` x", "unknown macro `nope`", 0)]
    [InlineData("x | `ctime`", "unknown macro `ctime` (defined: ctime(1))", 4)]
    [InlineData("x | `ctime(a, b)`", "unknown macro `ctime(2)`", 4)]
    [InlineData("`loop`", "expands into itself", 0)]
    [InlineData("x `open", "unclosed macro reference", 2)]
    [InlineData("x ```open", "unclosed comment", 2)]
    public void Unknown_and_broken_macros_are_errors_with_positions(string search, string message, int position)
    {
        var error = Assert.Throws<SplCompileException>(() => MacroExpander.Expand(search, Definitions()));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Contains(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(position, diagnostic.Position);
    }

    [Fact]
    public void A_later_definition_replaces_an_earlier_one()
    {
        var definitions = Definitions();
        definitions.Add(new MacroDefinition("inner", [], "source=t"));
        Assert.Equal("source=t", MacroExpander.Expand("`inner`", definitions));
    }
}
