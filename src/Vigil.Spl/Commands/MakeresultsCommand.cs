using Vigil.Spl.Commands.Shared;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

/// <summary>
/// <c>| makeresults [count=N] [annotate=false]</c>: N rows (1 by default), each holding only _time, the time the search
/// runs. annotate=true (which adds Splunk server fields) is refused, and so are the other options (format=, data=, splunk_server=).
/// </summary>
internal sealed class MakeresultsGenerator(int position, int count) : SplGenerator(position)
{
    public override string Name => "makeresults";

    public override bool ReadsEvents => false;

    public override bool SetsOrder => true;

    public override IReadOnlyList<string>? Columns => ["_time"];

    public override GeneratorRun Start(SearchContext context, IRowSink downstream) => new Run(count, context, downstream);

    private sealed class Run(int count, SearchContext context, IRowSink next) : GeneratorRun
    {
        public override void Push(Row eventRow)
        {
            // It reads no events.
        }

        public override void Complete()
        {
            for (var i = 0; i < count; i++)
            {
                var row = new Row(1);
                row["_time"] = Value.FromTime(context.Now);
                next.Push(row);
            }

            next.Complete();
        }
    }

    internal sealed class Syntax : IGeneratorSyntax
    {
        private static readonly string[] Options = ["count", "annotate"];

        public IReadOnlyList<string> Names => ["makeresults"];

        public SplGenerator Parse(CommandSite site)
        {
            var cursor = site.Cursor;
            var count = 1;
            while (CommandOptions.TryRead(cursor, "makeresults", Options, out var option, out var value, out var optionPosition))
            {
                switch (option)
                {
                    case "count":
                        count = Arguments.WholeNumber(value, option, optionPosition);
                        break;
                    default:
                        if (Arguments.Boolean(value, option, optionPosition))
                        {
                            throw CommandOptions.UnsupportedValue(optionPosition, "makeresults", option, value, "it adds the Splunk server's name and group, which Vigil does not have");
                        }

                        break;
                }
            }

            Arguments.ExpectEnd(cursor, "makeresults");
            return new MakeresultsGenerator(site.Position, count);
        }
    }
}
