using Vigil.Findings.Drilldowns;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Hunt.Drilldowns;

/// <summary>Where a drilldown's rows came from.</summary>
public enum DrilldownSource
{
    /// <summary>The events of the inputs the finding was hunted in.</summary>
    Inputs,

    /// <summary>The risk events of the store (the search reads <c>index=risk</c> or the Risk data model).</summary>
    RiskStore,
}

/// <summary>What running one drilldown gave: its result, what it read, over which time range and as of when.</summary>
public sealed record DrilldownOutcome(
    FilledDrilldown Drilldown,
    SearchResult Result,
    DrilldownSource Source,
    TimeWindow? Window,
    Timestamp Now,
    PassOutcome? Pass);

/// <summary>
/// Runs a filled drilldown as Enterprise Security does when an analyst opens it from a finding. A search of the risk
/// index reads the store's risk events; any other reads the finding's inputs (the events Splunk would have indexed).
/// The search runs over the drilldown's earliest and latest offsets, unless it sets its own time range with time
/// modifiers, which Splunk lets override the range a search is dispatched with. Relative time modifiers count from
/// "now": by default an hour after the finding's latest bound, as if the analyst opened the drilldown once the
/// detection had run, so ESCU's "last 7 days" searches, which end an hour before now (<c>endhoursago=1</c>), cover the
/// finding and the week before it (docs/findings.md).
/// </summary>
public static class DrilldownRunner
{
    public static readonly TimeSpan OpenedAfter = TimeSpan.FromHours(1);

    /// <summary>The "now" a drilldown runs at, unless the caller gives one: an hour past the finding's latest bound.</summary>
    public static Timestamp DefaultNow(FilledDrilldown drilldown, Timestamp wallClock) =>
        drilldown.Latest is { } latest ? new Timestamp(latest.UnixTicks + OpenedAfter.Ticks) : wallClock;

    /// <param name="drilldown">The drilldown with its tokens filled.</param>
    /// <param name="pipeline">Its search, compiled with the hunt's definitions.</param>
    /// <param name="inputs">Reading options whose inputs are the finding's (used when the search reads events).</param>
    /// <param name="riskRows">The store's risk events as rows (read only when the search reads the risk index).</param>
    /// <param name="now">The search's now.</param>
    public static DrilldownOutcome Run(FilledDrilldown drilldown, SplPipeline pipeline, HuntOptions inputs, Func<IEnumerable<Row>> riskRows, Timestamp now)
    {
        var window = pipeline.SetsTimeRange || (drilldown.Earliest is null && drilldown.Latest is null)
            ? null
            : new TimeWindow(drilldown.Earliest, drilldown.Latest);
        var context = new SearchContext(inputs.Zone, now);
        if (pipeline.ReadsOnlyRiskIndex)
        {
            var (result, _) = EventPass.RunRows([pipeline], riskRows(), context, window)[0];
            return new DrilldownOutcome(drilldown, result, DrilldownSource.RiskStore, window, now, null);
        }

        var options = new HuntOptions
        {
            Inputs = inputs.Inputs,
            Knowledge = inputs.Knowledge,
            Zone = inputs.Zone,
            Input = inputs.Input,
            OnProblem = inputs.OnProblem,
            OnStart = inputs.OnStart,
            OnReread = inputs.OnReread,
            OnFileDone = inputs.OnFileDone,
            Window = window,
            Now = now,
        };
        var pass = EventPass.Run([pipeline], options, context);
        return new DrilldownOutcome(drilldown, pass.Results[0].Result, DrilldownSource.Inputs, window, now, pass);
    }
}
