using System.Text.RegularExpressions;
using Vigil.Spl.Commands;
using Vigil.Spl.Commands.Stats;
using Vigil.Spl.Eval;
using Vigil.Tests.Support;

namespace Vigil.Tests.Spl;

/// <summary>docs/spl.md lists exactly what runs: every command, generator, stats and eval function, and nothing more.</summary>
public partial class SplDocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "spl.md"));

    private static string Section(string heading)
    {
        var start = Doc.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/spl.md has no section '{heading}'");
        var end = Doc.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return Doc[start..(end < 0 ? Doc.Length : end)];
    }

    /// <summary>The names in a table's first column: <c>| `bin` / `bucket` |</c> gives bin and bucket.</summary>
    private static SortedSet<string> TableNames(string section) =>
        new(section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Backticked().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value)), StringComparer.Ordinal);

    [Fact]
    public void The_command_table_lists_every_command_the_catalog_runs()
    {
        var documented = TableNames(Section("Commands"));
        documented.Remove("iplocation"); // documented as always an error
        Assert.Equal(CommandCatalog.CommandNames.ToArray(), documented.ToArray());
        Assert.NotNull(CommandCatalog.FindCommand("iplocation"));
    }

    [Fact]
    public void The_generator_table_lists_every_generating_command()
    {
        var documented = TableNames(Section("Generating commands"));
        Assert.Equal(CommandCatalog.GeneratorNames.ToArray(), documented.ToArray());
    }

    [Fact]
    public void The_stats_paragraph_lists_every_stats_function()
    {
        var paragraph = Section("Commands");
        paragraph = paragraph[paragraph.IndexOf("Stats functions (", StringComparison.Ordinal)..];
        paragraph = paragraph[..paragraph.IndexOf("\n\n", StringComparison.Ordinal)];
        var documented = new SortedSet<string>(Backticked().Matches(paragraph).Select(m => m.Groups[1].Value.Replace("<N>", string.Empty, StringComparison.Ordinal)), StringComparer.Ordinal);
        Assert.True(documented.Remove("sparkline"), "sparkline is documented as an error");
        documented.ExceptWith(["tstats", "eval"]);
        var implemented = new SortedSet<string>(StatsFunction.AllNames.Select(n => n.Replace("<N>", string.Empty, StringComparison.Ordinal)), StringComparer.Ordinal);
        Assert.Equal(implemented.ToArray(), documented.ToArray());
    }

    [Fact]
    public void The_eval_families_list_every_eval_function()
    {
        var section = Section("Eval");
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)))
        {
            var first = Backticked().Match(line);
            Assert.True(first.Success, $"family line without functions: {line}");
            documented.UnionWith(first.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.Equal(EvalFunctions.Names.ToArray(), documented.ToArray());
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
