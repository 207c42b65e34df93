using Vigil.Spl.Execution;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>One parsed command of a pipeline. It creates a fresh stage for each run, since stages keep state.</summary>
public abstract class SplCommand
{
    protected SplCommand(int position) => Position = position;

    /// <summary>Offset of the command name in the search text.</summary>
    public int Position { get; }

    public abstract string Name { get; }

    public abstract IRowSink CreateStage(SearchContext context, IRowSink downstream);

    /// <summary>The output columns when they are known from the search alone; null when they depend on the data.</summary>
    public virtual IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) => input;

    /// <summary>Whether the result depends on the order rows arrive in (head, dedup, list()).</summary>
    public virtual bool DependsOnOrder => false;

    /// <summary>Whether the command decides the order of its output itself (stats, sort).</summary>
    public virtual bool SetsOrder => false;

    /// <summary>Whether each row in gives its rows out at once, keeping nothing back (eval, rename, mvexpand ...).</summary>
    public virtual bool IsStreaming => false;

    /// <summary>The fields of its input rows the command reads; null when it may read any field.</summary>
    public virtual IReadOnlyCollection<string>? FieldsRead => null;

    /// <summary>
    /// Whether its output rows hold only fields it chose (stats, table): what later commands read then comes from it,
    /// not from the events.
    /// </summary>
    public virtual bool ChoosesFields => false;

    /// <summary>
    /// The fields a chain of commands reads from its input rows, added to <paramref name="fields"/>: up to the first
    /// command that chooses its fields. Null when one may read any field, or when none chooses (the rows themselves are
    /// the result, every field shown).
    /// </summary>
    internal static HashSet<string>? FieldsReadBy(IEnumerable<SplCommand> commands, HashSet<string> fields)
    {
        foreach (var command in commands)
        {
            if (command.FieldsRead is not { } read)
            {
                return null;
            }

            fields.UnionWith(read);
            if (command.ChoosesFields)
            {
                return fields;
            }
        }

        return null;
    }

    /// <summary>
    /// The searches the command runs besides its input (a join's subsearch, appendpipe's commands' subsearches): what
    /// they read of the hunt's events is the pipeline's to read too.
    /// </summary>
    public virtual IReadOnlyList<SplPipeline> Subsearches => [];

    /// <summary>
    /// The parts of its subsearches that take the hunt's events, each with its gate and the fields it reads (see
    /// <see cref="SplPipeline.EventReaders"/>); where the hunt reads events again (<paramref name="rereads"/>), a
    /// command may take less of the first reading (map notes only whether an event could match).
    /// </summary>
    internal virtual IEnumerable<(Execution.Dispatch.SearchGate Gate, IReadOnlySet<string>? Reads)> EventReaders(
        Func<string, bool> isVerbatimField, bool rereads) =>
        Subsearches.Where(s => s.ReadsEvents).SelectMany(s => s.EventReaders(isVerbatimField, rereads));

    /// <summary>Whether it sets a time range of its own (time modifiers in a <c>| search</c>).</summary>
    public virtual bool SetsTimeRange => false;
}

/// <summary>A stage that passes each row on at once, perhaps changed, perhaps not at all.</summary>
internal abstract class StreamingStage(IRowSink next) : IRowSink
{
    protected IRowSink Next { get; } = next;

    public abstract void Push(Row row);

    public virtual void Complete() => Next.Complete();
}

/// <summary>A streaming stage that changes each row in place (fromjson, spath, xmlkv, replace) and passes it on.</summary>
internal sealed class RowChangeStage(Action<Row> change, IRowSink next) : StreamingStage(next)
{
    public override void Push(Row row)
    {
        change(row);
        Next.Push(row);
    }
}
