using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Hunt;
using Vigil.Sinks;
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
            Description = "table (default), json (an array) or jsonl (an object a line), with Enterprise Security's risk field names.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "jsonl");

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
            var lines = outputFormat == "jsonl";
            if (parse.GetValue(entity) is { } name)
            {
                var timeline = opened.Timeline(name, timeWindow);
                if (outputFormat != "table")
                {
                    RiskJson.WriteTimeline(stdout, timeline, lines);
                }
                else if (timeline.Count > 0)
                {
                    RiskTable.WriteTimeline(TextConsole.Over(stdout, stdoutIsTerminal), timeline, zone);
                }

                var entityName = name.Trim().ToLowerInvariant();
                stderr.WriteLine(timeline.Count > 0
                    ? $"risk: {timeline.Count:N0} risk event{(timeline.Count == 1 ? string.Empty : "s")} on {entityName}, {timeline.Sum(t => (long)t.Risk.RiskScore):N0} in all; store {opened.Path}"
                    : $"risk: no risk events on {entityName}{InWindow(timeWindow)}{Empty(opened)}; store {opened.Path}");
                return VigilApp.ExitOk;
            }

            var entities = opened.Entities(timeWindow);
            if (outputFormat != "table")
            {
                RiskJson.WriteRanking(stdout, entities, lines);
            }
            else if (entities.Count > 0)
            {
                RiskTable.WriteRanking(TextConsole.Over(stdout, stdoutIsTerminal), entities, zone);
            }

            stderr.WriteLine(entities.Count > 0
                ? $"risk: {entities.Count:N0} {(entities.Count == 1 ? "entity" : "entities")}; store {opened.Path}"
                : $"risk: no risk events{InWindow(timeWindow)}{Empty(opened)}; store {opened.Path}");
            return VigilApp.ExitOk;
        });
        return command;
    }

    private static string InWindow(TimeWindow? window) => window is null ? string.Empty : " in the window";

    private static string Empty(VigilStore store) => store.CountRuns() == 0 ? " (the store is empty: 'vigil hunt' records findings in it)" : string.Empty;
}
