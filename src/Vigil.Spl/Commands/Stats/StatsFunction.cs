using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// One stats function (count, dc, values ...): its names, whether it takes a field, and the aggregator that keeps
/// its running state per group. stats, tstats and the commands built on them share these. Every implementation in
/// this assembly is listed by Vigil.Spl.Generators as it builds, so adding a function is adding its file.
/// </summary>
internal abstract partial class StatsFunction
{
    private static readonly StatsFunction[] All = Functions();
    private static readonly Dictionary<string, StatsFunction> ByName = All.SelectMany(f => f.Names.Select(n => (n, f))).ToDictionary(p => p.n, p => p.f, StringComparer.Ordinal);

    /// <summary>The names it answers to, lower case.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>Whether it can be written without a field (only count).</summary>
    public virtual bool FieldOptional => false;

    /// <summary>Whether its result depends on the order rows arrive in (list, first, last, mode's ties).</summary>
    public virtual bool DependsOnOrder => false;

    /// <summary>For a family named by a pattern (perc95, p99.9): how its names are written, for messages.</summary>
    public virtual IReadOnlyList<string> PatternNames => [];

    /// <summary>For a family named by a pattern: the function the name stands for, or null when it names none.</summary>
    public virtual StatsFunction? ForName(string name) => null;

    public abstract Aggregator Create();

    public static IEnumerable<string> AllNames => ByName.Keys.Concat(All.SelectMany(f => f.PatternNames)).Order(StringComparer.Ordinal);

    /// <summary>Finds a function by name, case-insensitively as Splunk reads them.</summary>
    public static StatsFunction? Find(string name)
    {
        var lower = name.ToLowerInvariant();
        return ByName.GetValueOrDefault(lower) ?? All.Select(f => f.ForName(lower)).FirstOrDefault(f => f is not null);
    }
}

/// <summary>The running state of one function in one group.</summary>
internal abstract class Aggregator
{
    /// <summary>Adds one row; <paramref name="value"/> is the function's field in it (never null here).</summary>
    public abstract void Add(Value value, Row row);

    /// <summary>count without a field: the row counts, whatever its fields.</summary>
    public virtual void AddRow(Row row) => throw new InvalidOperationException("this function needs a field");

    public abstract Value Result();

    /// <summary>Each single value of a possibly multivalue value (a struct to <c>foreach</c> over: nothing is allocated per row).</summary>
    protected static SingleValues Singles(Value value) => new(value);

    protected readonly struct SingleValues(Value value)
    {
        public Enumerator GetEnumerator() => new(value);

        public struct Enumerator(Value value)
        {
            private readonly IReadOnlyList<string>? _multi = value.Kind == ValueKind.Multi ? value.Values : null;
            private int _index = -1;

            public Value Current { get; private set; }

            public bool MoveNext()
            {
                _index++;
                if (_multi is null)
                {
                    Current = value;
                    return _index == 0;
                }

                if (_index >= _multi.Count)
                {
                    return false;
                }

                Current = Value.FromString(_multi[_index]);
                return true;
            }
        }
    }
}
