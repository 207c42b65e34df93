using Microsoft.Data.Sqlite;
using Vigil.Findings;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Store.Encoding;

namespace Vigil.Store;

/// <summary>
/// Records a hunt in the store. Findings are kept in memory as they come and the whole run is written at
/// <see cref="Finish"/> in one write transaction, so a hunt that is killed or fails leaves either all of its run or
/// none of it. A hunt that could read no input is not recorded: it is an error, not a run.
/// </summary>
public sealed class StoreSink(VigilStore store) : IHuntSink, ISummaryNote
{
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private HuntStart? _start;

    /// <summary>What the hunt added, once <see cref="Finish"/> has written it; null before, or when nothing was read.</summary>
    public RecordedRun? Recorded { get; private set; }

    /// <summary>Where the hunt went and what it added: "Store  /path/vigil.db: 3 new findings, 1 already stored".</summary>
    public (string Label, string Text)? SummaryNote => Recorded is { } recorded
        ? ("Store", $"{store.Path}: {recorded.FindingsNew:N0} new finding{(recorded.FindingsNew == 1 ? string.Empty : "s")}, {recorded.FindingsSeen:N0} already stored")
        : null;

    public void Begin(HuntStart start)
    {
        _start = start;
        _findings.Clear();
        _ids.Clear();
        Recorded = null;
    }

    public void Finding(Finding finding, DetectionResult result)
    {
        // A search can repeat a row exactly (same values, same events): it is one finding.
        if (_ids.Add(finding.Id))
        {
            _findings.Add(finding);
        }
    }

    public void Finish(HuntReport report)
    {
        if (report.FilesRead == 0)
        {
            return;
        }

        try
        {
            Recorded = RunWriter.Write(store.Connection, _start ?? report.Start, report, _findings, DateTimeOffset.UtcNow);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"cannot record the hunt in the store {store.Path}: {SqliteErrors.Describe(e)}", e);
        }
    }
}
