using System.CommandLine;
using Vigil.Content;

namespace Vigil.Cli.Commands;

/// <summary>The --content and --macros options shared by the commands that load detections.</summary>
internal sealed class ContentOptions
{
    public Option<string[]> Content { get; } = new("--content")
    {
        Description = "A directory of ESCU content (detections, macros, stories, eventtypes.conf) to load after the shipped content. Repeatable.",
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> Macros { get; } = new("--macros")
    {
        Description = "A macro file (ESCU macro YAML, or macros.conf) whose macros replace those of the same name; how filter macros are tuned. Repeatable.",
        HelpName = "FILE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Content);
        command.Options.Add(Macros);
    }

    /// <summary>Loads shipped content, then the user's; returns null (after saying why) when a macro file is unusable.</summary>
    public ContentLibrary? Load(ParseResult parse, TextWriter stderr)
    {
        var library = ContentLibrary.LoadShipped();
        var before = library.Problems.Count;
        foreach (var directory in parse.GetValue(Content) ?? [])
        {
            library.AddDirectory(directory);
        }

        var afterContent = library.Problems.Count;
        foreach (var file in parse.GetValue(Macros) ?? [])
        {
            library.AddMacroFile(file);
        }

        for (var i = 0; i < library.Problems.Count; i++)
        {
            var fatal = i < before || i >= afterContent;
            stderr.WriteLine($"{(fatal ? "error" : "warning")}: content {library.Problems[i]}");
        }

        // Shipped content must load, and so must the macro files a user names: they decide what is filtered.
        if (before > 0 || library.Problems.Count > afterContent)
        {
            return null;
        }

        return library;
    }
}
