using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>append [maxout=N] [subsearch]</c>: the rows, then the subsearch's rows after them. The subsearch keeps at most
/// maxout rows (by default the limit spl.join-rows, 50,000 as in Splunk, with a warning when it drops rows); those past
/// it are dropped. extendtimerange, maxtime and timeout are
/// refused: Vigil has no time range to extend and no time limit.
/// </summary>
internal sealed class AppendCommand(int position, Subsearch subsearch) : SplCommand(position)
{
    public Subsearch Subsearch { get; } = subsearch;

    public override string Name => "append";

    public override IReadOnlyCollection<string>? FieldsRead => [];

    public override IReadOnlyList<SplPipeline> Subsearches => [Subsearch.Pipeline];

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null || Subsearch.Pipeline.Columns is not { } appended ? null : [.. input, .. appended.Where(c => !input.Contains(c))];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(Subsearch.Start(context), downstream);

    private sealed class Stage(SubsearchRun subsearch, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row) => Next.Push(row);

        public override void Complete()
        {
            foreach (var row in subsearch.Result.Rows)
            {
                Next.Push(row);
            }

            Next.Complete();
        }
    }

    internal sealed class Syntax : ICommandSyntax
    {
        public IReadOnlyList<string> Names => ["append"];

        public SplCommand Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            int? maxout = null;
            while (BracketArguments.TryOption(cursor, out var option, out var value, out var optionPosition))
            {
                maxout = option.Equals("maxout", StringComparison.OrdinalIgnoreCase)
                    ? Arguments.WholeNumber(value, option, optionPosition)
                    : throw BracketArguments.Unsupported("append", option, optionPosition);
            }

            // Without maxout=, the subsearch keeps what the join limit allows (spl.join-rows, Splunk's 50,000).
            var subsearch = new Subsearch(PipelineParser.ParseSubsearch(cursor, site.Scope), SplLimits.JoinRowsName, maxout);
            Arguments.ExpectEnd(cursor, "append subsearch");
            return new AppendCommand(site.Position, subsearch);
        }
    }
}
