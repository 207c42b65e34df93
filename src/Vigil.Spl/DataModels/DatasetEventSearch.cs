using Vigil.Spl.Execution;
using Vigil.Spl.Execution.Dispatch;
using Vigil.Spl.Syntax;
using Vigil.Spl.Values;

namespace Vigil.Spl.DataModels;

/// <summary>
/// The events of a data model dataset as a search's generator (<c>from datamodel</c>, <c>datamodel ... search</c>):
/// each event that meets the lineage's constraints, its calculated fields computed, one row per dataset row (several
/// after a base search's mvexpand), shaped by <see cref="DatasetRowShape"/>. They are events, so they reach the
/// commands newest first. The projection is the one every tstats over the dataset shares.
/// </summary>
internal sealed class DatasetEventSearch(int position, string name, CompiledDataset dataset, DatasetRowShape shape) : SplGenerator(position)
{
    public override string Name => name;

    public override bool ReadsOnlyRiskIndex => dataset.RequiresRiskIndex;

    internal override SharedEventTest? SharedTest => new DatasetMembership(dataset);

    public override RawRequirement? RawRequirement(Func<string, bool> isVerbatimField) => dataset.RawRequirement;

    // The shape takes the event's text and index besides the dataset's fields.
    internal override IReadOnlySet<string>? EventFieldsRead =>
        dataset.EventFieldsRead is { } read ? read.Concat(DatasetRowShape.EventDefaults).ToHashSet(StringComparer.Ordinal) : null;

    public override GeneratorRun Start(SearchContext context, IRowSink downstream) =>
        new Run(context.ProjectorFor(dataset).Wanting(null), shape, downstream);

    private sealed class Run(CompiledDataset.Projector projector, DatasetRowShape shape, IRowSink next) : GeneratorRun
    {
        public override void Push(Row eventRow)
        {
            var rows = projector.Project(eventRow);
            if (rows.Count > 0)
            {
                Matched++;
            }

            foreach (var row in rows)
            {
                next.Push(shape.Shape(row, eventRow));
            }
        }

        public override void Complete() => next.Complete();
    }
}
