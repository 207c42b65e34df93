using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary>
/// One stats function (count, dc, values ...): its names, whether it takes a field, and the aggregator that keeps
/// its running state per group. stats, tstats and the commands built on them share these. Every implementation in
/// this assembly is found by reflection, so adding a function is adding its file.
/// </summary>
internal abstract class StatsFunction
{
    private static readonly Dictionary<string, StatsFunction> ByName = Discover();

    /// <summary>The names it answers to, lower case.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>Whether it can be written without a field (only count).</summary>
    public virtual bool FieldOptional => false;

    /// <summary>Whether its result depends on the order rows arrive in (list, first, last).</summary>
    public virtual bool DependsOnOrder => false;

    public abstract Aggregator Create();

    public static IEnumerable<string> AllNames => ByName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Finds a function by name, case-insensitively as Splunk reads them.</summary>
    public static StatsFunction? Find(string name) => ByName.GetValueOrDefault(name.ToLowerInvariant());

    private static Dictionary<string, StatsFunction> Discover()
    {
        var found = new Dictionary<string, StatsFunction>(StringComparer.Ordinal);
        foreach (var type in typeof(StatsFunction).Assembly.GetTypes())
        {
            if (!type.IsAbstract && type.IsSubclassOf(typeof(StatsFunction)))
            {
                var function = (StatsFunction)Activator.CreateInstance(type, nonPublic: true)!;
                foreach (var name in function.Names)
                {
                    found.Add(name, function);
                }
            }
        }

        return found;
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

    /// <summary>Each single value of a possibly multivalue value.</summary>
    protected static IEnumerable<Value> Singles(Value value) =>
        value.Kind == ValueKind.Multi ? value.Values.Select(Value.FromString) : [value];
}
