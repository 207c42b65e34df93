using Vigil.Spl.Values;

namespace Vigil.Spl.Commands.Stats;

/// <summary><c>first(x)</c>: x of the first row that has it, in the order rows arrive (newest first from events).</summary>
internal sealed class FirstFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["first"];

    public override bool DependsOnOrder => true;

    public override Aggregator Create() => new ArrivalAggregator(keepFirst: true);
}

/// <summary><c>last(x)</c>: x of the last row that has it, in the order rows arrive (the oldest from events).</summary>
internal sealed class LastFunction : StatsFunction
{
    public override IReadOnlyList<string> Names => ["last"];

    public override bool DependsOnOrder => true;

    public override Aggregator Create() => new ArrivalAggregator(keepFirst: false);
}

internal sealed class ArrivalAggregator(bool keepFirst) : Aggregator
{
    private bool _any;
    private Value _kept;

    public override void Add(Value value, Row row)
    {
        if (!_any || !keepFirst)
        {
            _kept = value;
            _any = true;
        }
    }

    public override Value Result() => _any ? _kept : Value.Null;
}
