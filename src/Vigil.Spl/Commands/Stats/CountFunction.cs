using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>count</c>: rows; <c>count(x)</c>: the values of x, each value of a multivalue counting once.</summary>
internal sealed class CountFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["count", "c"];

    public override bool FieldOptional => true;

    public override Aggregator Create() => new State();

    private sealed class State : Aggregator
    {
        private long _count;

        public override void Add(Value value, Row row) => _count += value.Count;

        public override void AddRow(Row row) => _count++;

        public override Value Result() => Value.FromNumber(_count);
    }
}
