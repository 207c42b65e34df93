using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil risk [ENTITY]</c>: the entities the store's risk events name, ranked by summed risk score as Enterprise
/// Security's risk analysis ranks them; or one entity's risk events in time order.
/// </summary>
internal static class RiskCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        var entity = new Argument<string?>("ENTITY")
        {
            Description = "Show this entity's timeline (a risk object such as a host or user; any case) instead of the ranking.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var store = new StoreOptions();
        var window = new WindowOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "table (default) or json.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");

        var command = new Command(
            "risk",
            $"Rank entities by the risk recorded against them (score summed over the window, with their detections, tactics, first and last times), or show one entity's timeline. Times for --since and --until: {TimeBound.Help}.")
        {
            entity, format,
        };
        window.AddTo(command);
        store.AddTo(command);
        command.SetAction(parse =>
        {
            if (window.Window(parse, stderr) is not { } timeWindow)
            {
                return VigilApp.ExitError;
            }

            using var opened = store.OpenForReading(parse, stderr);
            if (opened is null)
            {
                return VigilApp.ExitError;
            }

            var json = parse.GetValue(format) == "json";
            if (parse.GetValue(entity) is { } name)
            {
                var timeline = opened.Timeline(name, timeWindow);
                Write(stdout, json, stream => RiskJson.WriteTimeline(stream, timeline), console => RiskTable.WriteTimeline(console, timeline), timeline.Count, stdoutIsTerminal);
                stderr.WriteLine(timeline.Count > 0
                    ? $"risk: {timeline.Count:N0} risk events on {name.Trim().ToLowerInvariant()}, {timeline.Sum(t => t.Risk.RiskScore):N0} in all; store {opened.Path}"
                    : $"risk: no risk events on {name.Trim().ToLowerInvariant()}{InWindow(timeWindow)}{Empty(opened)}; store {opened.Path}");
                return VigilApp.ExitOk;
            }

            var entities = opened.Entities(timeWindow);
            Write(stdout, json, stream => RiskJson.WriteRanking(stream, entities), console => RiskTable.WriteRanking(console, entities), entities.Count, stdoutIsTerminal);
            stderr.WriteLine(entities.Count > 0
                ? $"risk: {entities.Count:N0} entities; store {opened.Path}"
                : $"risk: no risk events{InWindow(timeWindow)}{Empty(opened)}; store {opened.Path}");
            return VigilApp.ExitOk;
        });
        return command;
    }

    /// <summary>JSON always (an empty array for nothing); the table only when there is something to show.</summary>
    private static void Write(TextWriter stdout, bool json, Action<Stream> writeJson, Action<Spectre.Console.IAnsiConsole> writeTable, int count, bool stdoutIsTerminal)
    {
        if (json)
        {
            using var buffer = new MemoryStream();
            writeJson(buffer);
            stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            stdout.Write('\n');
        }
        else if (count > 0)
        {
            writeTable(TextConsole.Over(stdout, stdoutIsTerminal));
        }
    }

    private static string InWindow(TimeWindow window) => window == TimeWindow.All ? string.Empty : " in the window";

    private static string Empty(VigilStore store) => store.CountRuns() == 0 ? " (the store is empty: 'vigil hunt' records findings in it)" : string.Empty;
}
