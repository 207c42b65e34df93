using Vigil.Events.Sources;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Hunt;

/// <summary>
/// Reads a pass's inputs again, on the calling thread, for a search that knows which events it wants only once every
/// event has gone by (<see cref="IEventRereader"/>). Events come out as in the first read: the same replay metadata,
/// time window and knowledge, in the same order; only the literals the search needs decide which are parsed.
/// What the first read reported about the inputs (damaged records, unreadable files) is not reported again; a file
/// that could be read the first time and no longer can is.
/// </summary>
internal sealed class InputRereader(HuntOptions options, SearchContext context, bool eventTypesAndTags, IReadOnlySet<string> unreadableBefore, CancellationToken cancellationToken)
    : IEventRereader
{
    private readonly SearchContext _knowledgeContext = context.ForPartition();

    public void Reread(SearchExpression prefilter, Action<Row> offer)
    {
        var knowledge = options.Knowledge;
        RawEventFilter? rawFilter = null;
        if (options.Prefilter && prefilter.RawRequirement(knowledge.IsVerbatimField) is { } requirement)
        {
            rawFilter = raw => requirement.IsSatisfiedBy(raw);
        }

        var reader = new InputReader(options.Inputs, options.Input, Report);
        options.OnReread?.Invoke(reader);
        EventPass.ReadRows(reader, options, rawFilter, (row, _) =>
        {
            knowledge.Apply(row, _knowledgeContext, eventTypesAndTags);
            offer(row);
        }, cancellationToken);
    }

    private void Report(InputProblem problem)
    {
        if (problem.Kind == InputProblemKind.UnreadableFile && !unreadableBefore.Contains(problem.Path))
        {
            options.OnProblem?.Invoke(problem with { Reason = "read again (map or a subsearch over events): " + problem.Reason });
        }
    }
}
