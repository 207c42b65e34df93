using System.Globalization;
using Vigil.Hunt;

namespace Vigil.Sinks;

/// <summary>
/// What <c>vigil hunt --profile</c> prints after the hunt: the detections whose own search commands took the longest,
/// for finding the one detection that costs a hunt most of its time.
/// </summary>
public static class SearchProfileText
{
    /// <summary>A heading line and one line for each of the <paramref name="count"/> slowest detections; nothing without times.</summary>
    public static IReadOnlyList<string> Lines(HuntReport report, int count)
    {
        var timed = report.Results.Where(r => r.SearchTime is not null).ToList();
        if (timed.Count == 0)
        {
            return [];
        }

        var total = timed.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.SearchTime!.Value);
        var slowest = timed.OrderByDescending(r => r.SearchTime!.Value).ThenBy(r => r.Compiled.Detection.Name, StringComparer.Ordinal).Take(count).ToList();
        var lines = new List<string>
        {
            string.Create(
                CultureInfo.InvariantCulture,
                $"profile: {timed.Count:N0} detections spent {total.TotalSeconds:F2} s in their own search commands (reading the events, giving them fields and choosing their searches are shared and not counted); the slowest:"),
        };
        foreach (var result in slowest)
        {
            var events = result.EventsMatched == 1 ? "1 event" : string.Create(CultureInfo.InvariantCulture, $"{result.EventsMatched:N0} events");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{result.SearchTime!.Value.TotalMilliseconds,10:F1} ms  {result.Compiled.Detection.Name} ({events} taken)"));
        }

        return lines;
    }
}
