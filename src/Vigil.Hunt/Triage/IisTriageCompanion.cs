using Vigil.Events.Model;
using Vigil.Findings;
using Vigil.Findings.Triage;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Hunt.Triage;

/// <summary>
/// The triage of IIS module load failures (event 2282), fed by two searches that run in the hunt's pass beside the
/// detections: the 2282 events themselves (their &lt;Binary&gt; error, architecture and module, which no result row
/// keeps) and the related events of the same inputs. Joined to a finding through its evidence.
/// </summary>
internal sealed class IisTriageCompanion
{
    /// <summary>Enough for any real incident; past it the facts would come from the first events only.</summary>
    private const int MaxRows = 50_000;

    private static readonly string RefusalSearch = $"source=\"XmlWinEventLog:Application\" EventCode=2282 | head {MaxRows}";
    private static readonly string RelatedSearch = $"{IisModuleTriage.RelatedEventsSearch} | head {MaxRows}";

    private readonly Dictionary<EventReference, Row> _refusals = [];
    private IReadOnlyList<Row> _related = [];

    private IisTriageCompanion()
    {
        var definitions = new SplDefinitions();
        Pipelines = [SplPipeline.Compile(RefusalSearch, definitions), SplPipeline.Compile(RelatedSearch, definitions)];
    }

    public IReadOnlyList<SplPipeline> Pipelines { get; }

    /// <summary>A companion when a detection may find 2282 events (its search names the event code), else null.</summary>
    public static IisTriageCompanion? For(IEnumerable<CompiledDetection> detections) =>
        detections.Any(d => d.Detection.Search.Contains("2282", StringComparison.Ordinal)) ? new IisTriageCompanion() : null;

    /// <summary>Takes the two searches' results, in the order of <see cref="Pipelines"/>.</summary>
    public void Take(IReadOnlyList<SearchResult> results)
    {
        foreach (var row in results[0].Rows)
        {
            if (row.Evidence?.Kept.Count > 0 && row.Evidence.Kept[0] is EventReference reference)
            {
                _refusals.TryAdd(reference, row);
            }
        }

        _related = results[1].Rows;
    }

    /// <summary>The finding with its triage facts when its evidence holds 2282 events; else the finding as it was.</summary>
    public Finding Enrich(Finding finding)
    {
        var refusals = finding.Evidence.Select(e => _refusals.GetValueOrDefault(e)).OfType<Row>().Where(IisModuleTriage.Applies).ToList();
        return refusals.Count == 0 ? finding : finding with { Triage = [.. finding.Triage, .. IisModuleTriage.Facts(refusals, _related)] };
    }
}
