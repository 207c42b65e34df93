using System.CommandLine;
using Vigil.Hunt;
using Vigil.Spl.Values;

namespace Vigil.Cli.Commands;

/// <summary>The --since, --until and --tz options of the commands that read the store, and the window they give.</summary>
internal sealed class WindowOptions
{
    public Option<string?> Since { get; } = new("--since")
    {
        Description = $"Only what happened at or after this time: {TimeBound.Help}. Default: all time.",
        HelpName = "TIME",
    };

    public Option<string?> Until { get; } = new("--until")
    {
        Description = $"Only what happened before this time: {TimeBound.Help}. Default: no end.",
        HelpName = "TIME",
    };

    public Option<string?> Zone { get; } = new("--tz")
    {
        Description = "Time zone (IANA name such as Europe/Berlin) for --since and --until and for the times tables show. Default: UTC.",
        HelpName = "ZONE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Since);
        command.Options.Add(Until);
        command.Options.Add(Zone);
    }

    /// <summary>
    /// The zone and the window the options give (null: all time; relative times count back from now); false after saying
    /// what is wrong.
    /// </summary>
    public bool TryRead(ParseResult parse, TextWriter stderr, out TimeZoneInfo zone, out TimeWindow? window)
    {
        window = null;
        if (!HuntCommand.TryParseZone(parse.GetValue(Zone), stderr, out zone))
        {
            return false;
        }

        var now = Timestamp.FromDateTime(DateTime.UtcNow);
        Timestamp? since = null, until = null;
        foreach (var (option, isSince) in new[] { (Since, true), (Until, false) })
        {
            if (parse.GetValue(option) is not { } text)
            {
                continue;
            }

            if (!TimeBound.TryParse(text, now, zone, out var time))
            {
                stderr.WriteLine($"error: {option.Name} '{text}' is not a time: give {TimeBound.Help}");
                return false;
            }

            if (isSince)
            {
                since = time;
            }
            else
            {
                until = time;
            }
        }

        window = since is null && until is null ? null : new TimeWindow(since, until);
        return true;
    }
}
