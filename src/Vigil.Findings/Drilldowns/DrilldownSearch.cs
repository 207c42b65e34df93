using System.Globalization;
using System.Text;
using Vigil.Content.Model;
using Vigil.Spl.Values;

namespace Vigil.Findings.Drilldowns;

/// <summary>A drilldown made ready to run for one finding: its name and search with every token filled, and its time range.</summary>
public sealed record FilledDrilldown(string Name, string Search, Timestamp? Earliest, Timestamp? Latest, IReadOnlyList<string> Notes);

/// <summary>
/// Fills a drilldown's tokens as Enterprise Security does when an analyst opens it from a finding: <c>$field$</c> with
/// the result row's value, <c>$info_min_time$</c> and <c>$info_max_time$</c> with the detection's time range (here the
/// oldest event behind the row, and one second past the newest), <c>%original_detection_search%</c> with the
/// detection's search. Unlike a plain text replacement, a value can never change the search: inside a quoted string
/// its quotes, backslashes and backticks (which would start a macro) are escaped; outside one it is put in quotes.
/// </summary>
public static class DrilldownSearch
{
    public const string OriginalSearchToken = "%original_detection_search%";

    public static FilledDrilldown Fill(Drilldown drilldown, Finding finding)
    {
        var notes = new List<string>();
        var (earliest, latest) = TimeRange(finding);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (earliest is { } min)
        {
            values["info_min_time"] = EpochSeconds(min);
        }

        if (latest is { } max)
        {
            values["info_max_time"] = EpochSeconds(max);
        }

        string Lookup(string token)
        {
            if (values.TryGetValue(token, out var known))
            {
                return known;
            }

            var value = finding.Result[token];
            if (value.IsNull)
            {
                notes.Add($"${token}$ has no value in this finding; it is left empty");
                return string.Empty;
            }

            if (value.Count > 1)
            {
                notes.Add($"${token}$ has {value.Count} values ({string.Join(", ", value.Values)}); the first is used");
            }

            return value.FirstText;
        }

        var name = FillTokens(drilldown.Name, Lookup, quote: false);
        var search = drilldown.Search.Replace(OriginalSearchToken, finding.Detection.Search, StringComparison.Ordinal);
        search = FillTokens(search, Lookup, quote: true);
        return new FilledDrilldown(name, search, ParseTime(drilldown.EarliestOffset, earliest), ParseTime(drilldown.LatestOffset, latest), notes.Distinct().ToList());
    }

    /// <summary>
    /// The detection's time range for a finding: from the oldest event behind it to one second past the newest (Splunk's
    /// latest bound is exclusive, and ES's searches end after the events they found).
    /// </summary>
    public static (Timestamp? Earliest, Timestamp? Latest) TimeRange(Finding finding)
    {
        var earliest = finding.FirstTime is { } first ? new Timestamp(first.UnixTicks - Mod(first.UnixTicks, Timestamp.TicksPerSecond)) : (Timestamp?)null;
        var latest = finding.Time is { } last ? new Timestamp(last.UnixTicks - Mod(last.UnixTicks, Timestamp.TicksPerSecond) + Timestamp.TicksPerSecond) : (Timestamp?)null;
        return (earliest, latest);
    }

    /// <summary>
    /// Replaces each <c>$name$</c> (a name without spaces). With <paramref name="quote"/>, values are escaped for SPL:
    /// inside a double-quoted string by backslashes, elsewhere by quoting them. Filled in one pass, so a value holding
    /// <c>$other$</c> stays as it is.
    /// </summary>
    public static string FillTokens(string template, Func<string, string> value, bool quote)
    {
        var output = new StringBuilder(template.Length + 64);
        var inQuotes = false;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '\\' && inQuotes && i + 1 < template.Length)
            {
                output.Append(c).Append(template[i + 1]);
                i += 2;
                continue;
            }

            if (c == '"')
            {
                inQuotes = !inQuotes;
                output.Append(c);
                i++;
                continue;
            }

            var close = c == '$' ? template.IndexOf('$', i + 1) : -1;
            if (close > i + 1 && IsTokenName(template.AsSpan(i + 1, close - i - 1)))
            {
                var filled = value(template[(i + 1)..close]);
                output.Append(!quote ? filled : inQuotes ? EscapeInQuotes(filled) : "\"" + EscapeInQuotes(filled) + "\"");
                i = close + 1;
                continue;
            }

            output.Append(c);
            i++;
        }

        return output.ToString();
    }

    /// <summary>Backslash, double quote and backtick escaped, so the value stays one quoted string and starts no macro.</summary>
    public static string EscapeInQuotes(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '\\' or '"' or '`')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static bool IsTokenName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static Timestamp? ParseTime(string? offset, Timestamp? fallback) => offset switch
    {
        null or "" => null,
        "$info_min_time$" or "$info_max_time$" => fallback,
        _ when double.TryParse(offset, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => new Timestamp((long)(seconds * Timestamp.TicksPerSecond)),
        _ => null,
    };

    private static string EpochSeconds(Timestamp time) =>
        (time.UnixTicks / Timestamp.TicksPerSecond).ToString(CultureInfo.InvariantCulture);

    private static long Mod(long value, long divisor) => ((value % divisor) + divisor) % divisor;
}
