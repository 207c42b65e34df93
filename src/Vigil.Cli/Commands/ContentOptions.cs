using System.CommandLine;
using System.Globalization;
using Vigil.Content;
using Vigil.Content.Loading;
using Vigil.Hunt;
using Vigil.Spl.Execution;

namespace Vigil.Cli.Commands;

/// <summary>The --content, --macros and --addon options shared by the commands that load detections and knowledge.</summary>
internal sealed class ContentOptions
{
    public Option<string[]> Content { get; } = new("--content")
    {
        Description = "A directory of ESCU content (detections, macros, stories, lookups, eventtypes.conf) to load after the shipped content. Repeatable.",
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> Macros { get; } = new("--macros")
    {
        Description = "A macro file (ESCU macro YAML, or macros.conf) whose macros replace those of the same name; how filter macros are tuned. Repeatable.",
        HelpName = "FILE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> AddOns { get; } = AddOnOption();

    public Option<bool> NoCache { get; } = new("--no-cache")
    {
        Description = $"Read every --content file again rather than take what an earlier run read from the content cache (${ContentCache.EnvironmentVariable}, else $XDG_CACHE_HOME/vigil or ~/.cache/vigil; {ContentCache.EnvironmentVariable}=off turns it off).",
    };

    public Option<bool> NoShippedKnowledge { get; } = NoShippedKnowledgeOption();

    public static Option<bool> NoShippedKnowledgeOption() => new("--no-shipped-knowledge")
    {
        Description = "Leave out Vigil's own add-ons (Windows, Sysmon, CIM data models): only the --addon directories apply, so fields are exactly theirs.",
    };

    public static Option<string[]> AddOnOption() => new("--addon")
    {
        Description = "A Splunk add-on directory (default/ and local/: props.conf, transforms.conf, eventtypes.conf, tags.conf, lookups/, data models) whose definitions replace Vigil's own for what it defines. Repeatable.",
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Content);
        command.Options.Add(Macros);
        command.Options.Add(AddOns);
        command.Options.Add(NoShippedKnowledge);
        command.Options.Add(NoCache);
    }

    /// <summary>
    /// Loads knowledge (shipped, then --addon) and content (shipped, then --content and --macros); returns null (after
    /// saying why) when something the user named is unusable or shipped content is broken.
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="stderr">Where problems are told.</param>
    /// <param name="limits">The limits of the searches and lookup tables (--limit); the defaults when null.</param>
    /// <param name="phases">Where loading knowledge and loading content are timed (--profile), or null.</param>
    public LoadedContent? Load(ParseResult parse, TextWriter stderr, SplLimits? limits = null, PhaseTimes? phases = null) =>
        Load(parse.GetValue(AddOns) ?? [], !parse.GetValue(NoShippedKnowledge), parse.GetValue(Content) ?? [], parse.GetValue(Macros) ?? [], stderr, limits, cache: !parse.GetValue(NoCache), phases);

    public static LoadedContent? Load(string[] addOns, bool shippedKnowledge, string[] contentDirectories, string[] macroFiles, TextWriter stderr, SplLimits? limits = null, bool cache = false, PhaseTimes? phases = null)
    {
        var loaded = LoadedContent.Load(addOns, shippedKnowledge, limits);
        phases?.Mark("knowledge and shipped content");
        if (!ReportKnowledgeProblems(loaded, stderr))
        {
            return null;
        }

        var library = loaded.Library;
        library.Cache = cache && contentDirectories.Length > 0 && ContentCache.DefaultFolder() is { } folder ? new ContentCache(folder) : null;
        var before = library.Problems.Count;
        var empty = new List<string>();
        foreach (var directory in contentDirectories)
        {
            if (!Directory.Exists(directory))
            {
                stderr.WriteLine($"error: --content {directory}: no such directory");
                return null;
            }

            if (!AddsAnything(library, () => library.AddDirectory(directory)))
            {
                empty.Add($"error: --content {directory}: holds no detection, macro, story, lookup or event type");
            }
        }

        var afterContent = library.Problems.Count;
        foreach (var file in macroFiles)
        {
            if (!File.Exists(file))
            {
                stderr.WriteLine($"error: --macros {file}: no such file");
                return null;
            }

            if (!AddsAnything(library, () => library.AddMacroFile(file), macrosOnly: true))
            {
                empty.Add($"error: --macros {file}: holds no macro (ESCU macro YAML or macros.conf)");
            }
        }

        if (contentDirectories.Length > 0 || macroFiles.Length > 0)
        {
            phases?.Mark(library.Cache?.LastLoad is var (reused, read) && contentDirectories.Length == 1
                ? string.Create(CultureInfo.InvariantCulture, $"--content ({reused:N0} files from the cache, {read:N0} read)")
                : "--content");
        }

        foreach (var warning in library.Cache?.Warnings ?? [])
        {
            stderr.WriteLine("warning: " + warning);
        }

        for (var i = 0; i < library.Problems.Count; i++)
        {
            var fatal = i < before || i >= afterContent;
            stderr.WriteLine($"{(fatal ? "error" : "warning")}: content {library.Problems[i]}");
        }

        foreach (var line in empty)
        {
            stderr.WriteLine(line);
        }

        // Shipped content must load, and so must the macro files a user names: they decide what is filtered.
        if (before > 0 || library.Problems.Count > afterContent || empty.Count > 0)
        {
            return null;
        }

        return loaded;
    }

    /// <summary>
    /// Whether adding defined something new or replaced something (by reference: a macro of the same name replaced
    /// counts), so that a path holding nothing Vigil reads is an error rather than a silent no-op.
    /// </summary>
    private static bool AddsAnything(ContentLibrary library, Action add, bool macrosOnly = false)
    {
        IEnumerable<object> Items() => macrosOnly
            ? library.Definitions.Macros.Values
            : library.Detections.Cast<object>().Concat(library.Stories.Values).Concat(library.Definitions.Macros.Values)
                .Concat(library.Definitions.EventTypes.Values).Concat(library.Definitions.Lookups.Values);

        var before = Items().ToHashSet(ReferenceEqualityComparer.Instance);
        add();
        return Items().Any(item => !before.Contains(item));
    }

    /// <summary>
    /// Knowledge problems met while events were read, after the first <paramref name="since"/> (a regular expression
    /// out of time in an extraction, calculated field or event type; an automatic lookup whose table went): warnings,
    /// as the events still got the rest.
    /// </summary>
    public static void ReportKnowledgeProblemsSince(LoadedContent loaded, int since, TextWriter stderr)
    {
        var problems = loaded.Knowledge.Problems;
        for (var i = since; i < problems.Count; i++)
        {
            stderr.WriteLine($"warning: knowledge {problems[i]}");
        }
    }

    /// <summary>
    /// Each knowledge problem once, with its file and line. An add-on directory that cannot be read is an error; a
    /// setting Vigil cannot apply is a warning (the rest of the add-on still loads); a problem in Vigil's own
    /// knowledge is a bug, reported as an error.
    /// </summary>
    private static bool ReportKnowledgeProblems(LoadedContent loaded, TextWriter stderr)
    {
        var ok = true;
        foreach (var problem in loaded.Knowledge.Problems)
        {
            var fatal = problem.IsError || problem.IsShipped;
            ok &= !fatal;
            stderr.WriteLine($"{(fatal ? "error" : "warning")}: knowledge {problem}");
        }

        return ok;
    }
}
