using Vigil.Spl.Values;

namespace Vigil.Sinks;

/// <summary>How <c>vigil export</c> writes an event row's time, in every format: ISO-8601 UTC with seven decimals.</summary>
public static class ExportedTime
{
    /// <summary>The row's <c>_time</c> as text; empty when it has none or it is not a time (a field the input named so).</summary>
    public static string Of(Row row) => row["_time"] is { Kind: ValueKind.Time } time ? time.AsTime.ToString() : string.Empty;
}
