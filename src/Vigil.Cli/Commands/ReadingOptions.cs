using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Knowledge;

namespace Vigil.Cli.Commands;

/// <summary>Whether a command reads the files it is given, may be given none, or finds its own.</summary>
internal enum PathArity
{
    /// <summary>The command reads the files it is given: at least one.</summary>
    Required,

    /// <summary>Files are optional (a search of the risk store takes none).</summary>
    Optional,

    /// <summary>The command finds its files elsewhere (a drilldown reads its finding's inputs).</summary>
    None,
}

/// <summary>Options for reading inputs and running searches over them, shared by hunt, search, export and drilldown.</summary>
internal sealed class ReadingOptions(PathArity paths = PathArity.Required)
{
    public Argument<string[]> Paths { get; } = new("PATH")
    {
        Description = "Event log files or directories (every file below). The format is read from the content: EVTX, Splunk XmlWinEventLog or classic WinEventLog text, wevtutil / Event Viewer XML, Winlogbeat or evtx_dump JSON. PATH::SOURCETYPE gives the input's events that sourcetype, and reads key=value text (a scripted input's output) under it.",
        Arity = paths == PathArity.Required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Threads: EVTX chunks and batches of a text file's events parsed in parallel, the searches of a hunt split over as many threads, and the lines of a jsonl export made (fields computed) and formatted on as many. Default: all cores.",
        HelpName = "N",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public Option<bool> Recover { get; } = new("--recover")
    {
        Description = "EVTX: also carve records from chunk slack and damaged space (record ids already seen are dropped).",
    };

    public Option<bool> Strict { get; } = new("--strict")
    {
        Description = "Exit with status 1 when any event was malformed, any input damaged or unreadable (everything is still processed).",
    };

    public Option<bool> NoProgress { get; } = new("--no-progress")
    {
        Description = "Do not show progress on the terminal.",
    };

    /// <summary>--limit NAME=VALUE: the readers' and the searches' limits.</summary>
    public LimitOptions Limits { get; } = new();

    public void AddTo(Command command)
    {
        if (paths != PathArity.None)
        {
            command.Arguments.Add(Paths);
        }

        command.Options.Add(Threads);
        command.Options.Add(Recover);
        command.Options.Add(Strict);
        command.Options.Add(NoProgress);
        Limits.AddTo(command);
        Paths.Validators.Add(result =>
        {
            // Checked before any work starts, so a mistyped path or option never costs a whole hunt.
            foreach (var argument in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (InputSpec.Parse(argument).Problem() is not { } problem)
                {
                    continue;
                }

                result.AddError(argument.StartsWith('-') ? $"unknown option '{argument}'" : problem);
            }
        });
        Threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--threads must be at least 1");
            }
        });
    }

    /// <summary>Hunt options that read these inputs with the parsed reading options, warnings and progress wired in.</summary>
    public HuntOptions HuntOptions(ParseResult parse, IReadOnlyList<string> inputs, FieldKnowledge knowledge, TimeZoneInfo zone, WarningSink warnings, ProgressDisplay progress) => new()
    {
        Inputs = inputs,
        Knowledge = knowledge,
        Input = Input(parse),
        Zone = zone,
        OnProblem = warnings.Report,
        OnStart = reader => progress.Follow(reader, inputs),
        OnReread = reader => progress.Follow(reader, inputs, "reading again"),
        OnFileDone = warnings.FileDone,
    };

    public InputOptions Input(ParseResult parse) =>
        new() { Threads = parse.GetValue(Threads), Recover = parse.GetValue(Recover), Limits = Limits.Reader(parse) };

    /// <summary>The searches' limits (--limit spl.*), for loading the content they compile with.</summary>
    public Spl.Execution.SplLimits SplLimits(ParseResult parse) => Limits.Spl(parse);
}
