using Vigil.Spl.Values;

namespace Vigil.Findings.Triage;

/// <summary>
/// Triage for findings whose evidence is event 2282 (Microsoft-Windows-IIS-W3SVC-WP: IIS refused a module DLL built
/// for another processor architecture): the facts no result row shows. For each refused module, the error its
/// &lt;Binary&gt; holds, what the worker process's architecture means, and where its path puts it; for each host, the
/// module, application-pool and configuration events around it. docs/triage.md says where each fact comes from.
/// </summary>
public static class IisModuleTriage
{
    /// <summary>
    /// A base search selecting exactly the related events: IIS worker-process module events (2280 load failure, 2293
    /// registration error, 2295 no RegisterModule entry point, 2296 invalid precondition), WAS application-pool events
    /// (5002 pool disabled, 5009 worker process terminated) and IIS configuration changes (29). The providers are named
    /// because other software logs the same IDs in these logs (a network driver writes 5002 to System).
    /// </summary>
    public const string RelatedEventsSearch =
        "(source=\"XmlWinEventLog:Application\" Name=\"Microsoft-Windows-IIS-W3SVC-WP\" EventCode IN (2280, 2293, 2295, 2296))"
        + " OR (source=\"XmlWinEventLog:System\" Name=\"Microsoft-Windows-WAS\" EventCode IN (5002, 5009))"
        + " OR (source=\"XmlWinEventLog:Microsoft-IIS-Configuration/Operational\" Name=\"Microsoft-Windows-IIS-Configuration\" EventCode=29)";

    /// <summary>Whether the event is a 2282 from the IIS worker process, the event this triage reads.</summary>
    public static bool Applies(Row evidenceEvent) =>
        string.Equals(EventRow.Text(evidenceEvent, "EventCode"), "2282", StringComparison.Ordinal)
        && string.Equals(EventRow.Text(evidenceEvent, "Name"), RelatedEventKind.IisWorkerProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The facts for one finding. Evidence events that are not 2282s are skipped (no facts when none is). Each distinct
    /// (ModuleDll, error, architecture) gives one group, opened by a "Module DLL" fact; then each host's related events
    /// from <paramref name="relatedEvents"/>, the rows of <see cref="RelatedEventsSearch"/> over the same inputs.
    /// </summary>
    public static IReadOnlyList<TriageFact> Facts(IReadOnlyList<Row> evidenceEvents, IReadOnlyList<Row> relatedEvents)
    {
        ArgumentNullException.ThrowIfNull(evidenceEvents);
        ArgumentNullException.ThrowIfNull(relatedEvents);
        var refusals = evidenceEvents.Where(Applies).ToList();
        var facts = new List<TriageFact>();
        foreach (var refusal in refusals.DistinctBy(Refusal.Of, Refusal.Comparer))
        {
            var module = EventRow.Text(refusal, "ModuleDll");
            facts.Add(new TriageFact(FactLabels.ModuleDll, module ?? "(none: the event names no module)"));
            facts.Add(new TriageFact(FactLabels.LoadError, EventErrorData.Describe(EventRow.Text(refusal, "Binary"))));
            facts.Add(new TriageFact(FactLabels.WorkerArchitecture, WorkerArchitecture.Describe(EventRow.Text(refusal, "ProcessorArchitecture"))));
            facts.AddRange(ModuleLocation.Describe(module).Select(v => new TriageFact(FactLabels.ModulePath, v)));
        }

        // One machine may be named "WEB01" by one event and "web01.corp.example" by another: list its events once.
        var hosts = new List<string>();
        foreach (var host in refusals.Select(EventRow.Host).OfType<string>())
        {
            if (!hosts.Exists(known => EventRow.SameHost(known, host)))
            {
                hosts.Add(host);
            }
        }

        foreach (var host in hosts)
        {
            var anchors = refusals
                .Where(r => EventRow.Host(r) is { } h && EventRow.SameHost(h, host))
                .Select(EventRow.Time)
                .OfType<Timestamp>()
                .ToList();
            facts.AddRange(RelatedEventFacts.ForHost(relatedEvents, host, anchors));
        }

        return facts;
    }

    /// <summary>What makes two 2282s the same refusal: module path (without case), decoded error and architecture.</summary>
    private sealed record Refusal(string Module, string Error, string Architecture)
    {
        public static readonly IEqualityComparer<Refusal> Comparer = new IgnoreCase();

        public static Refusal Of(Row row) => new(
            EventRow.Text(row, "ModuleDll") ?? string.Empty,
            EventErrorData.Describe(EventRow.Text(row, "Binary")),
            EventRow.Text(row, "ProcessorArchitecture") ?? string.Empty);

        private sealed class IgnoreCase : IEqualityComparer<Refusal>
        {
            public bool Equals(Refusal? x, Refusal? y) =>
                x is not null && y is not null
                && string.Equals(x.Module, y.Module, StringComparison.OrdinalIgnoreCase)
                && string.Equals(x.Error, y.Error, StringComparison.Ordinal)
                && string.Equals(x.Architecture, y.Architecture, StringComparison.OrdinalIgnoreCase);

            public int GetHashCode(Refusal obj) => HashCode.Combine(
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Module),
                obj.Error,
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Architecture));
        }
    }
}
