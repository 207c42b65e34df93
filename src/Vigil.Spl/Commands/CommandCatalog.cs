using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Spl.Commands;

/// <summary>Where a command's arguments are parsed: its name as written, where it starts, and what it may refer to.</summary>
internal sealed record CommandSite(string Name, int Position, TextCursor Cursor, SearchScope Scope)
{
    public SplSyntaxException Error(string message) => new(Position, Name.Length, message);
}

/// <summary>How a streaming or transforming command (one after a pipe) is written. One implementation per command file.</summary>
internal interface ICommandSyntax
{
    /// <summary>The names the command answers to, lower case (<c>bin</c> and <c>bucket</c> are one command).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>A syntax that only refuses the command with its reason (so it is not listed as one Vigil runs).</summary>
    bool Refuses => false;

    SplCommand Parse(CommandSite site);
}

/// <summary>How a generating command (one a search starts with, after a leading pipe) is written.</summary>
internal interface IGeneratorSyntax
{
    IReadOnlyList<string> Names { get; }

    SplGenerator Parse(CommandSite site);
}

/// <summary>
/// Every command syntax in this assembly, listed by Vigil.Spl.Generators as the assembly builds
/// (<c>CommandSyntaxes()</c>, <c>GeneratorSyntaxes()</c>): adding a command is adding its file, never editing a list.
/// </summary>
internal static partial class CommandCatalog
{
    private static readonly Dictionary<string, ICommandSyntax> Commands = ByName(CommandSyntaxes(), s => s.Names);
    private static readonly Dictionary<string, IGeneratorSyntax> Generators = ByName(GeneratorSyntaxes(), s => s.Names);

    public static IEnumerable<string> CommandNames => Commands.Where(c => !c.Value.Refuses).Select(c => c.Key).Order(StringComparer.Ordinal);

    public static IEnumerable<string> GeneratorNames => Generators.Keys.Order(StringComparer.Ordinal);

    public static ICommandSyntax? FindCommand(string name) => Commands.GetValueOrDefault(name);

    public static IGeneratorSyntax? FindGenerator(string name) => Generators.GetValueOrDefault(name);

    private static Dictionary<string, T> ByName<T>(T[] syntaxes, Func<T, IReadOnlyList<string>> names)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var syntax in syntaxes)
        {
            foreach (var name in names(syntax))
            {
                if (!found.TryAdd(name, syntax))
                {
                    throw new InvalidOperationException($"two syntaxes claim the command name '{name}'");
                }
            }
        }

        return found;
    }
}
