using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// A search in square brackets that another command uses: a join's right side, append's rows, the values a search
/// filters on. Splunk runs it first; Vigil reads the events once, so a subsearch over events runs beside its parent,
/// fed the same events, and what depends on it waits for the end. One over a lookup (or anything reading no events)
/// runs when the parent starts. Splunk keeps at most <see cref="MaxRows"/> of its results (maxout) and drops the rest.
/// </summary>
public sealed class Subsearch
{
    /// <summary>Splunk's limits.conf [subsearch] maxout: what a subsearch in a search hands on.</summary>
    public const int SearchMaxRows = 10_000;

    /// <summary>Splunk's limits.conf [join] subsearch_maxout, and append's maxout default.</summary>
    public const int JoinMaxRows = 50_000;

    public Subsearch(SplPipeline pipeline, int maxRows)
    {
        Pipeline = pipeline;
        MaxRows = maxRows;
    }

    public SplPipeline Pipeline { get; }

    public int MaxRows { get; }

    /// <summary>Starts the subsearch for one run of its parent (whose run context <paramref name="context"/> is).</summary>
    internal SubsearchRun Start(SearchContext context)
    {
        var run = new SubsearchRun(Pipeline.Start(context, MaxRows));
        if (Pipeline.ReadsEvents)
        {
            context.AddEventFeed(run);
        }
        else
        {
            run.Complete();
        }

        return run;
    }
}

/// <summary>One run of a subsearch: its results once complete.</summary>
internal sealed class SubsearchRun(PipelineRun run) : IEventFeed
{
    private SearchResult? _result;

    public bool IsComplete => _result is not null;

    public SearchResult Result => _result ?? throw new InvalidOperationException("the subsearch has not completed yet");

    public void Push(Row eventRow) => run.Push(eventRow);

    public void Complete() => _result = run.Complete();
}
