using System.Globalization;
using Vigil.Spl.Values;

namespace Vigil.Spl.Execution;

/// <summary>
/// A search in square brackets that another command uses: a join's right side, append's rows, the values a search
/// filters on. Splunk runs it first; Vigil reads the events once, so a subsearch over events runs beside its parent,
/// fed the same events, and what depends on it waits for the end. One over a lookup (or anything reading no events)
/// runs when the parent starts. Splunk keeps at most maxout of its results and drops the rest: the maxout its command
/// gives (append maxout=N), else the limit for its kind (spl.subsearch-rows, spl.join-rows), whose run then warns.
/// </summary>
public sealed class Subsearch
{
    /// <summary>Splunk's limits.conf [subsearch] maxout: what a subsearch in a search hands on (the default of spl.subsearch-rows).</summary>
    public const int SearchMaxRows = 10_000;

    /// <summary>Splunk's limits.conf [join] subsearch_maxout, and append's maxout default (the default of spl.join-rows).</summary>
    public const int JoinMaxRows = 50_000;

    /// <param name="pipeline">The subsearch.</param>
    /// <param name="limit">The limit its rows are kept to when <paramref name="maxout"/> is null: <see cref="SplLimits.SubsearchRowsName"/> or <see cref="SplLimits.JoinRowsName"/>.</param>
    /// <param name="maxout">The maxout its command gives, or null.</param>
    internal Subsearch(SplPipeline pipeline, string limit, int? maxout)
    {
        Pipeline = pipeline;
        Limit = limit;
        Maxout = maxout;
    }

    public SplPipeline Pipeline { get; }

    /// <summary>The limit that caps its rows when no maxout is given.</summary>
    public string Limit { get; }

    /// <summary>The maxout its command gives (append maxout=N), or null for the limit's.</summary>
    public int? Maxout { get; }

    /// <summary>Starts the subsearch for one run of its parent (whose run context <paramref name="context"/> is).</summary>
    internal SubsearchRun Start(SearchContext context)
    {
        var maxRows = Maxout ?? context.Limits[Limit];
        var run = new SubsearchRun(Pipeline.Start(context, maxRows), Maxout is null ? Limit : null, maxRows, context);
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
/// <param name="run">The subsearch's pipeline run.</param>
/// <param name="limit">The limit that capped its rows, to name when rows were dropped; null when its command's maxout did.</param>
/// <param name="maxRows">The rows it keeps.</param>
/// <param name="context">The parent's run context, which collects the warnings.</param>
internal sealed class SubsearchRun(PipelineRun run, string? limit, int maxRows, SearchContext context) : IEventFeed
{
    private SearchResult? _result;

    public bool IsComplete => _result is not null;

    /// <summary>The results; when the subsearch went past a limit bounding memory, its parent stops with the same error.</summary>
    public SearchResult Result => _result is null
        ? throw new InvalidOperationException("the subsearch has not completed yet")
        : _result.Failure is { } failure ? throw new SplLimitException(failure.Limit, failure.Message) : _result;

    public void Push(Row eventRow) => run.Push(eventRow);

    public Dispatch.SearchGate Gate(Func<string, bool> isVerbatimField) => run.Pipeline.Gate(isVerbatimField);

    public void Complete()
    {
        _result = run.Complete();
        if (run.Truncated && limit is not null)
        {
            context.Warn(limit, string.Create(CultureInfo.InvariantCulture,
                $"a subsearch made {run.RowsMade} rows; only the first {maxRows} were kept ({SplLimits.Hint(limit)})"));
        }
    }
}
