using Vigil.Spl.Execution;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Commands;

public enum ConvertFunction
{
    /// <summary>Epoch time to text in the time format.</summary>
    Ctime,

    /// <summary>Text in the time format to epoch time.</summary>
    Mktime,
}

public sealed record ConvertConversion(ConvertFunction Function, string Field, string? As);

/// <summary>
/// <c>convert [timeformat="..."] ctime(field) [AS name] mktime(field) ...</c>. Values that are not times stay as
/// they are. Times render in the search's time zone; sub-seconds are truncated.
/// </summary>
public sealed class ConvertCommand(int position, string timeFormat, IReadOnlyList<ConvertConversion> conversions) : SplCommand(position)
{
    public const string DefaultTimeFormat = "%m/%d/%Y %H:%M:%S";

    public string TimeFormat { get; } = timeFormat;

    public IReadOnlyList<ConvertConversion> Conversions { get; } = conversions;

    public override string Name => "convert";

    public override IReadOnlyList<string>? Columns(IReadOnlyList<string>? input) =>
        input is null ? null : [.. input, .. Conversions.Where(c => c.As is not null && !input.Contains(c.As)).Select(c => c.As!).Distinct()];

    public override IRowSink CreateStage(SearchContext context, IRowSink downstream) => new Stage(this, context, downstream);

    private sealed class Stage(ConvertCommand command, SearchContext context, IRowSink next) : StreamingStage(next)
    {
        public override void Push(Row row)
        {
            foreach (var conversion in command.Conversions)
            {
                var value = row[conversion.Field];
                if (value.IsNull)
                {
                    continue;
                }

                var converted = conversion.Function == ConvertFunction.Ctime ? Ctime(value) : Mktime(value);
                row[conversion.As ?? conversion.Field] = converted;
            }

            Next.Push(row);
        }

        private Value Ctime(Value value)
        {
            if (value.Kind == ValueKind.Multi)
            {
                return Value.FromMany(value.Values.Select(v => Ctime(Value.FromString(v)).ToString()).ToArray());
            }

            return value.TryGetTime(out var time)
                ? Value.FromString(SplunkTimeFormat.Format(time, command.TimeFormat, context.Zone))
                : value;
        }

        private Value Mktime(Value value) =>
            SplunkTimeFormat.TryParse(value.FirstText, command.TimeFormat, context.Zone, out var time) ? Value.FromTime(time) : value;
    }
}
