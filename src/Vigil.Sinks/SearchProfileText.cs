using System.Globalization;
using Vigil.Hunt;

namespace Vigil.Sinks;

/// <summary>
/// What <c>vigil hunt --profile</c> prints after the hunt: how long each phase of the command took (loading, compiling,
/// hunting), then the detections whose own search commands took the longest, for finding the one detection that costs
/// a hunt most of its time.
/// </summary>
public static class SearchProfileText
{
    /// <summary>
    /// The phases' line when there are <paramref name="phases"/>, then a heading line and one line for each of the
    /// <paramref name="count"/> slowest detections; nothing without times.
    /// </summary>
    public static IReadOnlyList<string> Lines(HuntReport report, int count, PhaseTimes? phases = null)
    {
        var lines = new List<string>();
        if (phases is { Phases.Count: > 0 })
        {
            var each = phases.Phases.Select(p => string.Create(
                CultureInfo.InvariantCulture,
                $"{p.Name} {p.Took.TotalSeconds:F3} s ({p.Allocated / 1048576.0:F1} MiB allocated, {p.Collections} collections, {p.FullCollections} full, {p.Paused.TotalSeconds:F3} s paused)"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"profile: {phases.Total.TotalSeconds:F3} s from the command's start: {string.Join(", ", each)}"));
        }

        var timed = report.Results.Where(r => r.SearchTime is not null).ToList();
        if (timed.Count == 0)
        {
            return lines;
        }

        var total = timed.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.SearchTime!.Value);
        var slowest = timed.OrderByDescending(r => r.SearchTime!.Value).ThenBy(r => r.Compiled.Detection.Name, StringComparer.Ordinal).Take(count).ToList();
        lines.AddRange(
        [
            string.Create(
                CultureInfo.InvariantCulture,
                $"profile: {timed.Count:N0} detections spent {total.TotalSeconds:F2} s in their own search commands (reading the events, giving them fields and choosing their searches are shared and not counted); the slowest:"),
        ]);
        foreach (var result in slowest)
        {
            var events = result.EventsMatched == 1 ? "1 event" : string.Create(CultureInfo.InvariantCulture, $"{result.EventsMatched:N0} events");
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{result.SearchTime!.Value.TotalMilliseconds,10:F1} ms  {result.Compiled.Detection.Name} ({events} taken)"));
        }

        return lines;
    }
}
