using System.CommandLine;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary>The --since and --until options of the commands that read the store, and the window they give.</summary>
internal sealed class WindowOptions
{
    public Option<string?> Since { get; } = new("--since")
    {
        Description = $"Only what happened at or after this time: {TimeBound.Help}. Default: all time.",
        HelpName = "TIME",
    };

    public Option<string?> Until { get; } = new("--until")
    {
        Description = $"Only what happened before this time: {TimeBound.Help}. Default: now and later.",
        HelpName = "TIME",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Since);
        command.Options.Add(Until);
    }

    /// <summary>The window the options give (relative times counted back from now); null after saying what is wrong.</summary>
    public TimeWindow? Window(ParseResult parse, TextWriter stderr)
    {
        var now = DateTimeOffset.UtcNow;
        var window = TimeWindow.All;
        foreach (var (option, isSince) in new[] { (Since, true), (Until, false) })
        {
            if (parse.GetValue(option) is not { } text)
            {
                continue;
            }

            if (!TimeBound.TryParse(text, now, out var time))
            {
                stderr.WriteLine($"error: {option.Name} '{text}' is not a time: give {TimeBound.Help}");
                return null;
            }

            window = isSince ? window with { Since = time } : window with { Until = time };
        }

        return window;
    }
}
