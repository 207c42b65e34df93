using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>appendpipe [run_in_preview=bool] [| commands]</c>: the rows, then what the commands in brackets make of those
/// same rows (a subpipeline, not a subsearch: it starts from the current results and has no row limit).
/// run_in_preview only concerns Splunk's preview and changes no result.
/// </summary>
internal sealed class AppendpipeCommand(int position, IReadOnlyList<SplCommand> subpipeline) : SplCommand(position)
{
    public IReadOnlyList<SplCommand> Subpipeline { get; } = subpipeline;

    public override string Name => "appendpipe";

    /// <summary>What the subpipeline reads up to a command that chooses its fields; null when it shows them all.</summary>
    public override IReadOnlyCollection<string>? FieldsRead => FieldsReadBy(Subpipeline, new HashSet<string>(StringComparer.Ordinal));

    public override bool DependsOnOrder
    {
        get
        {
            foreach (var command in Subpipeline)
            {
                if (command.DependsOnOrder)
                {
                    return true;
                }

                if (command.SetsOrder)
                {
                    return false;
                }
            }

            return false;
        }
    }

    public override IReadOnlyList<SplPipeline> Subsearches => Subpipeline.SelectMany(c => c.Subsearches).ToList();

    internal override IEnumerable<(Execution.Dispatch.SearchGate Gate, IReadOnlySet<string>? Reads)> EventReaders(
        Func<string, bool> isVerbatimField, bool rereads) =>
        Subpipeline.SelectMany(c => c.EventReaders(isVerbatimField, rereads));

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || Subpipeline.Aggregate((IReadOnlyList<string>?)input, (columns, command) => command.Columns(columns)) is not { } appended
            ? null
            : [.. input, .. appended.Where(c => !input.Contains(c))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream)
    {
        var appended = new RowCollector();
        IRowSink subpipeline = appended;
        for (var i = Subpipeline.Count - 1; i >= 0; i--)
        {
            subpipeline = Subpipeline[i].CreateStage(context, subpipeline);
        }

        return new Stage(subpipeline, appended, downstream);
    }

    private sealed class Stage(IRowSink subpipeline, RowCollector appended, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            // The row goes on and may be changed there: the subpipeline works on its own copy.
            var copy = row.Clone();
            Next.Push(row);
            subpipeline.Push(copy);
        }

        public override void Complete()
        {
            subpipeline.Complete();
            foreach (var row in appended.Rows)
            {
                Next.Push(row);
            }

            Next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["appendpipe"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            while (BracketArguments.TryOption(cursor, out var option, out var value, out var optionPosition))
            {
                _ = option.Equals("run_in_preview", StringComparison.OrdinalIgnoreCase)
                    ? Arguments.Boolean(value, option, optionPosition)
                    : throw BracketArguments.Unsupported("appendpipe", option, optionPosition);
            }

            var subpipeline = PipelineParser.ParseSubpipeline(cursor, site.Scope, "appendpipe");
            Arguments.ExpectEnd(cursor, "appendpipe subpipeline");
            return new AppendpipeCommand(site.Position, subpipeline);
        }
    }
}
