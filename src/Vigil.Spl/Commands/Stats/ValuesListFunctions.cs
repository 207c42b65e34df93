using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>values(x)</c>: the distinct values, in lexicographic (code-unit) order.</summary>
internal sealed class ValuesFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["values"];

    public override Aggregator Create() => new State();

    private sealed class State : Aggregator
    {
        private readonly SortedSet<string> _values = new(StringComparer.Ordinal);

        public override void Add(Value value, Row row)
        {
            // Added one by one: most values are single, and a set's UnionWith would wrap each in a list to enumerate.
            if (value.Kind is not (ValueKind.Multi or ValueKind.Null))
            {
                _values.Add(value.ToString());
                return;
            }

            foreach (var single in value.Values)
            {
                _values.Add(single);
            }
        }

        public override Value Result() => _values.Count == 0 ? Value.Null : Value.FromMany(_values.ToArray());
    }
}

/// <summary><c>list(x)</c>: every value in the order seen, at most 100.</summary>
internal sealed class ListFunction : StatsFunction
{
    private const int Limit = 100;

    public override IReadOnlyList<string> Names => ["list"];

    public override bool DependsOnOrder => true;

    public override Aggregator Create() => new State();

    private sealed class State : Aggregator
    {
        private readonly List<string> _values = [];

        public override void Add(Value value, Row row)
        {
            foreach (var single in value.Values)
            {
                if (_values.Count < Limit)
                {
                    _values.Add(single);
                }
            }
        }

        public override Value Result() => Value.FromMany(_values);
    }
}
