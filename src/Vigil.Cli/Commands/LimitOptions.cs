using System.CommandLine;
using System.Globalization;
using Vigil.Events.Sources;
using Vigil.Spl.Execution;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>--limit NAME=VALUE</c>, repeatable: changes one of the readers' limits (<see cref="ReaderLimits"/>) or the
/// searches' (<see cref="SplLimits"/>). Checked when the command line is parsed, before any work: an unknown name or a
/// value that is not a whole number in the limit's range is a usage error. docs/limits.md lists them all.
/// </summary>
internal sealed class LimitOptions
{
    public Option<string[]> Limit { get; } = new("--limit")
    {
        Description = "Change a limit, NAME=VALUE (repeatable; docs/limits.md): "
            + string.Join(", ", AllNames().Select(n => $"{n.Name} ({n.Default.ToString(CultureInfo.InvariantCulture)})")) + ".",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Limit);
        Limit.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (Parse(text, out _, out _) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
    }

    /// <summary>The readers' limits with the --limit values for them.</summary>
    public ReaderLimits Reader(ParseResult parse) => Apply(parse, ReaderLimits.Default, name => ReaderLimits.Find(name) is not null, (l, n, v) => l.With(n, v));

    /// <summary>The searches' limits with the --limit values for them.</summary>
    public SplLimits Spl(ParseResult parse) => Apply(parse, SplLimits.Default, name => SplLimits.Find(name) is not null, (l, n, v) => l.With(n, v));

    /// <summary>The defaults of one layer with the --limit values that name one of its limits.</summary>
    private T Apply<T>(ParseResult parse, T defaults, Func<string, bool> isOwn, Func<T, string, int, T> with) =>
        Given(parse).Where(g => isOwn(g.Name)).Aggregate(defaults, (limits, g) => with(limits, g.Name, g.Value));

    private IEnumerable<(string Name, int Value)> Given(ParseResult parse)
    {
        foreach (var text in parse.GetValue(Limit) ?? [])
        {
            if (Parse(text, out var name, out var value) is null)
            {
                yield return (name, value);
            }
        }
    }

    /// <summary>Reads NAME=VALUE; null when it names a limit and gives a value in its range, else why not (one line).</summary>
    internal static string? Parse(string text, out string name, out int value)
    {
        value = 0;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        name = equals < 0 ? text.Trim() : text[..equals].Trim();
        if (equals < 0)
        {
            return $"--limit '{text}': give NAME=VALUE, such as --limit {ReaderLimits.XmlEventSizeName}=33554432";
        }

        var wanted = name;
        var known = AllNames().FirstOrDefault(n => n.Name == wanted);
        if (known.Name is null)
        {
            return $"--limit '{text}': there is no limit named '{name}' (the limits: {string.Join(", ", AllNames().Select(n => n.Name))})";
        }

        var valueText = text[(equals + 1)..].Trim();
        if (!int.TryParse(valueText, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < 1 || value > known.Maximum)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--limit '{text}': the value of {name} must be a whole number from 1 to {known.Maximum}");
        }

        return null;
    }

    private static IEnumerable<(string Name, int Default, int Maximum)> AllNames() =>
        ReaderLimits.All.Select(l => (l.Name, l.Default, l.Maximum)).Concat(SplLimits.All.Select(l => (l.Name, l.Default, l.Maximum)));
}
