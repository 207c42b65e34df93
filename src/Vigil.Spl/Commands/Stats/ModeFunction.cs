using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>mode(x)</c>: the most frequent value (as text, case-sensitively); of equally frequent ones, the first seen.</summary>
internal sealed class ModeFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["mode"];

    public override bool DependsOnOrder => true;

    public override Aggregator Create() => new State();

    private sealed class State : Aggregator
    {
        private readonly Dictionary<string, (int Count, int FirstSeen)> _counts = new(StringComparer.Ordinal);

        public override void Add(Value value, Row row)
        {
            foreach (var single in value.Values)
            {
                _counts[single] = _counts.TryGetValue(single, out var seen) ? (seen.Count + 1, seen.FirstSeen) : (1, _counts.Count);
            }
        }

        public override Value Result() => _counts.Count == 0
            ? Value.Null
            : Value.FromString(_counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.FirstSeen).First().Key);
    }
}
