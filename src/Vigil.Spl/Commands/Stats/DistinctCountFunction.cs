using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>dc(x)</c>: how many distinct values x takes (case-sensitive), 0 when it never has one.</summary>
internal sealed class DistinctCountFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["dc", "distinct_count"];

    public override Aggregator Create() => new State();

    private sealed class State : Aggregator
    {
        private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

        public override void Add(Value value, Row row) => _distinct.UnionWith(value.Values);

        public override Value Result() => Value.FromNumber(_distinct.Count);
    }
}
