using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Sinks;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil findings [ID]</c>: the findings hunts recorded in the store, newest first, or one in full.</summary>
internal static class FindingsCommand
{
    private const int TableLimit = 50;

    public static Command Create(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var id = new Argument<string?>("ID")
        {
            Description = "Show one finding in full (evidence, risk, the runs that saw it): its id, or any unique prefix of it.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var store = new StoreOptions();
        var window = new WindowOptions();
        var detection = new Option<string?>("--detection", "-d")
        {
            Description = "Only findings of detections whose name or id contains this text (any case).",
            HelpName = "NAME_OR_ID",
        };
        var entity = new Option<string?>("--entity", "-e")
        {
            Description = "Only findings that raise risk on this entity (a risk object such as a host or user; any case).",
            HelpName = "VALUE",
        };
        var limit = new Option<int?>("--limit", "-n")
        {
            Description = $"At most N findings, newest first; 0 for all. Default: {TableLimit} in the table, all in json and jsonl.",
            HelpName = "N",
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() < 0)
            {
                result.AddError("--limit must be 0 (all) or more");
            }
        });
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default), json (an array of findings) or jsonl (a finding a line), with the keys of hunt's JSON.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "jsonl");

        var command = new Command(
            "findings",
            $"List the findings hunts recorded in the store, newest first (by their newest event). Times for --since and --until: {TimeBound.Help}.")
        {
            id, detection, entity, limit, format,
        };
        window.AddTo(command);
        store.AddTo(command);
        command.SetAction(parse =>
        {
            if (!window.TryRead(parse, stderr, out var zone, out var timeWindow))
            {
                return VigilApp.ExitError;
            }

            using var opened = store.OpenForReading(parse, stderr);
            if (opened is null)
            {
                return VigilApp.ExitError;
            }

            var outputFormat = parse.GetValue(format)!;
            try
            {
                if (parse.GetValue(id) is { } wanted)
                {
                    var detail = opened.Finding(wanted);
                    if (outputFormat == "table")
                    {
                        FindingsTable.WriteDetail(TextConsole.Over(stdout, stdoutIsTerminal), detail, zone);
                    }
                    else
                    {
                        FindingsJson.Write(stdout, [detail.Stored.Finding], outputFormat == "jsonl");
                    }

                    return VigilApp.ExitOk;
                }

                var query = new FindingQuery
                {
                    Detection = parse.GetValue(detection),
                    Entity = parse.GetValue(entity),
                    Window = timeWindow,
                    Limit = parse.GetValue(limit) switch
                    {
                        0 => null,
                        { } n => n,
                        null => outputFormat == "table" ? TableLimit : null,
                    },
                };
                var findings = opened.Findings(query);
                if (outputFormat == "table")
                {
                    if (findings.Count > 0)
                    {
                        FindingsTable.WriteList(TextConsole.Over(stdout, stdoutIsTerminal), findings, zone);
                    }
                }
                else
                {
                    FindingsJson.Write(stdout, findings.Select(f => f.Finding), outputFormat == "jsonl");
                }

                stderr.WriteLine(Summary(opened, query, findings.Count));
                return VigilApp.ExitOk;
            }
            catch (StoreException e)
            {
                stderr.WriteLine("error: " + e.Message);
                return VigilApp.ExitError;
            }
        });
        return command;
    }

    /// <summary>One line saying what was shown out of what matched, or that the store is empty.</summary>
    private static string Summary(VigilStore store, FindingQuery query, int shown)
    {
        if (store.CountRuns() == 0)
        {
            return $"findings: the store {store.Path} is empty ('vigil hunt' records findings in it)";
        }

        var matching = shown < query.Limit ? shown : store.CountFindings(query);
        var filtered = query.Detection is not null || query.Entity is not null || query.Window is not null;
        var what = matching == 0 && filtered ? "no finding matches" : $"{shown:N0} of {matching:N0} {(filtered ? "matching " : string.Empty)}findings shown";
        var more = shown < matching ? " (--limit 0 shows all)" : string.Empty;
        return $"findings: {what}{more}; store {store.Path}";
    }
}
