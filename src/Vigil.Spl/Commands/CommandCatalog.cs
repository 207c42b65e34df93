using System.Diagnostics.CodeAnalysis;
using System.Reflection;
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
/// Every command syntax in this assembly, found once by reflection: adding a command is adding its file, never
/// editing a list here.
/// </summary>
internal static class CommandCatalog
{
    // One walk over the assembly's types finds both kinds (listing them is most of the cost, in the native build).
    private static readonly Type[] Types = AllTypes();
    private static readonly Dictionary<string, ICommandSyntax> Commands = Discover<ICommandSyntax>(s => s.Names);
    private static readonly Dictionary<string, IGeneratorSyntax> Generators = Discover<IGeneratorSyntax>(s => s.Names);

    public static IEnumerable<string> CommandNames => Commands.Where(c => !c.Value.Refuses).Select(c => c.Key).Order(StringComparer.Ordinal);

    public static IEnumerable<string> GeneratorNames => Generators.Keys.Order(StringComparer.Ordinal);

    public static ICommandSyntax? FindCommand(string name) => Commands.GetValueOrDefault(name);

    public static IGeneratorSyntax? FindGenerator(string name) => Generators.GetValueOrDefault(name);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Vigil.Spl is a trimmer root: all its types are kept.")]
    private static Type[] AllTypes() => typeof(CommandCatalog).Assembly.GetTypes();

    // Native AOT: Vigil.Cli roots this assembly (TrimmerRootAssembly), so every syntax type and constructor is kept.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Vigil.Spl is a trimmer root: all its types are kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Vigil.Spl is a trimmer root: all its constructors are kept.")]
    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = "Vigil.Spl is a trimmer root: all its constructors are kept.")]
    private static Dictionary<string, T> Discover<T>(Func<T, IReadOnlyList<string>> names)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var type in Types)
        {
            if (type.IsAbstract || type.IsInterface || !typeof(T).IsAssignableFrom(type))
            {
                continue;
            }

            var syntax = (T)Activator.CreateInstance(type, nonPublic: true)!;
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
