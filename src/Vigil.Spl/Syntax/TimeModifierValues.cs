using System.Globalization;
using Vigil.Spl.Eval.Functions;
using Vigil.Spl.Time;
using Vigil.Spl.Values;

namespace Vigil.Spl.Syntax;

/// <summary>Which end of a time range a modifier sets.</summary>
internal enum TimeRangeSide
{
    Start,
    End,
}

/// <summary>
/// Reads one time modifier's value into the end of a range it sets, as the Search Reference writes them ("Time
/// modifiers", "search"): <c>earliest</c>/<c>latest</c> take a relative time (<c>-7d@d</c>, <c>@d</c>, <c>now</c>),
/// epoch seconds or <c>%m/%d/%Y:%H:%M:%S</c>; <c>starttime</c>/<c>endtime</c> a time in <c>timeformat</c>;
/// <c>starttimeu</c>/<c>endtimeu</c> epoch seconds; <c>start|end(minutes|hours|days|months)ago</c> a whole number.
/// </summary>
internal static class TimeModifierValues
{
    /// <summary>The format of absolute earliest/latest times, and timeformat's default.</summary>
    public const string DefaultFormat = "%m/%d/%Y:%H:%M:%S";

    // Any time will do to check that a relative specifier reads; its result is not kept.
    private static readonly Timestamp CheckTime = Timestamp.FromDateTime(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    public static (TimeRangeSide Side, SearchTimePoint Point) Read(TimeModifierTerm term, string format)
    {
        var name = term.Name;
        var side = name.StartsWith("earliest", StringComparison.Ordinal) || name.StartsWith("start", StringComparison.Ordinal) ? TimeRangeSide.Start : TimeRangeSide.End;
        CheckOperator(term, side);
        var value = term.Value.Trim();
        SearchTimePoint point = name switch
        {
            "earliest" or "latest" => Modifier(term, value),
            "starttime" or "endtime" => Absolute(term, value, format),
            "starttimeu" or "endtimeu" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_800
                ? new SearchTimePoint.Fixed(Timestamp.FromSeconds(seconds))
                : throw Malformed(term, "epoch seconds"),
            _ => Ago(term, value),
        };
        return (side, point);
    }

    private static void CheckOperator(TimeModifierTerm term, TimeRangeSide side)
    {
        // The Search Reference's own examples write earliest>=@d+1h and latest<@d: the same bounds as = writes.
        var allowed = term.Operator == SearchOperator.Equal
            || (term.Name == "earliest" && term.Operator == SearchOperator.GreaterOrEqual)
            || (term.Name == "latest" && term.Operator == SearchOperator.Less);
        if (!allowed)
        {
            var written = term.Operator switch
            {
                SearchOperator.NotEqual => "!=",
                SearchOperator.Less => "<",
                SearchOperator.LessOrEqual => "<=",
                SearchOperator.Greater => ">",
                _ => ">=",
            };
            var forms = term.Name switch
            {
                "earliest" => "earliest= or earliest>=",
                "latest" => "latest= or latest<",
                _ => term.Name + "=",
            };
            throw term.Error($"{term.Name}{written} is not supported: a time modifier sets the {(side == TimeRangeSide.Start ? "start" : "end")} of the search's time range; write {forms}");
        }
    }

    private static SearchTimePoint Modifier(TimeModifierTerm term, string value)
    {
        if (value.Equals("now", StringComparison.OrdinalIgnoreCase) || value.Equals("now()", StringComparison.OrdinalIgnoreCase))
        {
            return new SearchTimePoint.Now();
        }

        var unsigned = value.TrimStart('+', '-');
        if (unsigned.StartsWith("rt", StringComparison.OrdinalIgnoreCase))
        {
            // Search Manual, "Specify time modifiers in your search": real-time modifiers in a search string are an error.
            throw term.Error($"the real-time time modifier {term.Name}={value} is not supported: Vigil searches what it is given once, and Splunk refuses rt in a search string too");
        }

        if (value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || c == '.') && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var epoch)
            && epoch < 253_402_300_800m)
        {
            return new SearchTimePoint.Fixed(new Timestamp((long)(epoch * Timestamp.TicksPerSecond)));
        }

        if (value.Contains('/', StringComparison.Ordinal))
        {
            return Absolute(term, value, DefaultFormat);
        }

        return RelativeTime.TryApply(value, CheckTime, TimeZoneInfo.Utc, out _)
            ? new SearchTimePoint.Relative(value)
            : throw Malformed(term, $"a relative time (-7d@d, @d, -24h, now), epoch seconds or {DefaultFormat}");
    }

    private static SearchTimePoint.Absolute Absolute(TimeModifierTerm term, string value, string format) =>
        SplunkTimeFormat.TryParse(value, format, TimeZoneInfo.Utc, out _)
            ? new SearchTimePoint.Absolute(value, format)
            : throw Malformed(term, $"a time in the format {format}");

    private static SearchTimePoint.Ago Ago(TimeModifierTerm term, string value)
    {
        var name = term.Name;
        var unit = name.EndsWith("minutesago", StringComparison.Ordinal) ? RelativeUnit.Minute
            : name.EndsWith("hoursago", StringComparison.Ordinal) ? RelativeUnit.Hour
            : name.EndsWith("daysago", StringComparison.Ordinal) ? RelativeUnit.Day
            : RelativeUnit.Month;
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000_000
            ? new SearchTimePoint.Ago(new TimeOffset(-amount, unit))
            : throw Malformed(term, "a whole number");
    }

    private static SplSyntaxException Malformed(TimeModifierTerm term, string expected) =>
        new(term.Position, term.Length, $"{term.Name}={term.Value} is not a time: {term.Name} takes {expected}");
}
