using Vigil.Spl.Commands;
using Vigil.Spl.Commands.Stats;

namespace Vigil.Tests.Spl;

/// <summary>
/// The catalogue Vigil.Spl.Generators writes as Vigil.Spl builds holds every command syntax and stats function class
/// of the assembly, as a walk over its types by reflection finds them, each under all its names.
/// </summary>
public sealed class CommandCatalogTests
{
    private static readonly Type[] Types = typeof(CommandCatalog).Assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsInterface).ToArray();

    [Fact]
    public void Every_command_and_generating_command_syntax_is_listed_under_each_of_its_names()
    {
        var commands = Types.Where(typeof(ICommandSyntax).IsAssignableFrom).ToList();
        var generators = Types.Where(typeof(IGeneratorSyntax).IsAssignableFrom).ToList();
        Assert.True(commands.Count > 30, $"only {commands.Count} command syntaxes found");
        Assert.True(generators.Count > 5, $"only {generators.Count} generating command syntaxes found");
        foreach (var type in commands)
        {
            var syntax = (ICommandSyntax)Activator.CreateInstance(type, nonPublic: true)!;
            Assert.All(syntax.Names, name => Assert.IsType(type, CommandCatalog.FindCommand(name)));
        }

        foreach (var type in generators)
        {
            var syntax = (IGeneratorSyntax)Activator.CreateInstance(type, nonPublic: true)!;
            Assert.All(syntax.Names, name => Assert.IsType(type, CommandCatalog.FindGenerator(name)));
        }
    }

    [Fact]
    public void Every_stats_function_is_listed_under_each_of_its_names_and_patterns()
    {
        var functions = Types.Where(t => t.IsSubclassOf(typeof(StatsFunction))).ToList();
        Assert.True(functions.Count > 20, $"only {functions.Count} stats functions found");
        foreach (var type in functions)
        {
            var function = (StatsFunction)Activator.CreateInstance(type, nonPublic: true)!;
            Assert.All(function.Names, name => Assert.IsType(type, StatsFunction.Find(name)));
            Assert.All(function.PatternNames, pattern => Assert.Contains(pattern, StatsFunction.AllNames));
        }

        Assert.IsType<PercentileFunction>(StatsFunction.Find("p99.9"));
    }
}
