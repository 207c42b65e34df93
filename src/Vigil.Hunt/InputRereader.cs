using Vigil.Events.Sources;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

/// <summary>
/// Reads a pass's inputs again, on the calling thread and for one caller at a time, for a search that knows which events
/// it wants only once every event has gone by (<see cref="IEventRereader"/>). Events come out as in the first read, in
/// the same order, with the same replay metadata and time window, and every field knowledge gives (the first reading
/// computed only what its searches read). Only the literals the search needs decide which are parsed, and nothing is
/// read when no text could satisfy them. Problems go to <paramref name="report"/>, which decides what is worth saying a
/// second time.
/// </summary>
internal sealed class InputRereader(HuntOptions options, SearchContext context, Action<InputProblem> report, CancellationToken cancellationToken)
    : IEventRereader
{
    /// <summary>Literals tested one by one on each event's text at most; past that the prefilter keeps fewer (a subsearch may give thousands).</summary>
    internal const int MaxPrefilterLiterals = 64;

    private readonly SearchContext _knowledgeContext = context.ForPartition();

    // Runs complete on several threads (EventPass), and those that read the events again take turns: one reading at a
    // time, with one knowledge context.
    private readonly Lock _turn = new();

    public void Reread(SearchExpression prefilter, Action<Row> offer)
    {
        lock (_turn)
        {
            ReadAgain(prefilter, offer);
        }
    }

    private void ReadAgain(SearchExpression prefilter, Action<Row> offer)
    {
        var knowledge = options.Knowledge;
        RawEventFilter? rawFilter = null;
        if (options.Prefilter && prefilter.RawRequirement(knowledge.IsVerbatimField) is { } requirement)
        {
            if (requirement.NeverSatisfied)
            {
                return;
            }

            if (requirement.Bounded(MaxPrefilterLiterals) is { } bounded)
            {
                rawFilter = raw => bounded.IsSatisfiedBy(raw);
            }
        }

        var reader = new InputReader(options.Inputs, options.Input, report);
        options.OnReread?.Invoke(reader);
        EventPass.ReadRows(reader, options, rawFilter, (row, _) =>
        {
            // Every field: what reads again (map, a subsearch) is not what the demand was worked out for.
            knowledge.Apply(row, _knowledgeContext);
            offer(row);
        }, cancellationToken);
    }
}
