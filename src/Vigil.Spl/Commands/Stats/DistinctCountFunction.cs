using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>dc(x)</c>: how many distinct values x takes (case-sensitive), 0 when it never has one.</summary>
internal sealed class DistinctCountFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["dc", "distinct_count"];

    public override Aggregator Create() => new DistinctCountAggregator();
}

/// <summary>
/// <c>estdc(x)</c>: Splunk's estimate of the distinct count. Vigil counts exactly, which the estimate approximates
/// (it is exact for small counts).
/// </summary>
internal sealed class EstimatedDistinctCountFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["estdc"];

    public override Aggregator Create() => new DistinctCountAggregator();
}

internal sealed class DistinctCountAggregator : Aggregator
{
    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

    public override void Add(Value value, Row row) => _distinct.UnionWith(value.Values);

    public override Value Result() => Value.FromNumber(_distinct.Count);
}
