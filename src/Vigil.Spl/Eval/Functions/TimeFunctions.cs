using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Eval.Functions;

/// <summary>Splunk's date and time functions (Search Reference, "Date and Time functions"); times are epoch seconds.</summary>
internal static class TimeFunctions
{
    public static IEnumerable<EvalFunction> All =>
    [
        new("now", 0, 0, EvalType.Value, static (_, _, x) => Value.FromNumber(x.Now.UnixSeconds)),

        // time(): the wall clock when eval runs, to the microsecond, different for each row as the page says.
        new("time", 0, 0, EvalType.Value, static (_, _, _) =>
        {
            var ticks = Timestamp.FromDateTime(DateTime.UtcNow).UnixTicks;
            return Value.FromTime(new Timestamp(ticks - (ticks % 10)));
        }),
        new("relative_time", 2, 2, EvalType.Value, (c, r, x) =>
        {
            var specifier = c.Argument(1, r, x);
            return !specifier.IsNull && c.Argument(0, r, x).TryGetTime(out var time)
                && RelativeTime.TryApply(specifier.FirstText, time, x.Zone, out var result)
                ? Value.FromTime(result)
                : Value.Null;
        }),
        new("strftime", 2, 2, EvalType.Value, (c, r, x) =>
        {
            var format = c.Argument(1, r, x);
            return !format.IsNull && c.Argument(0, r, x).TryGetTime(out var t) ? Value.FromString(SplunkTimeFormat.Format(t, format.FirstText, x.Zone)) : Value.Null;
        }),
        new("strptime", 2, 2, EvalType.Value, (c, r, x) =>
        {
            var text = c.Argument(0, r, x);
            var format = c.Argument(1, r, x);
            return !text.IsNull && !format.IsNull && SplunkTimeFormat.TryParse(text.FirstText, format.FirstText, x.Zone, out var t)
                ? Value.FromTime(t)
                : Value.Null;
        }),
    ];
}
