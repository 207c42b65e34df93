using System.Globalization;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;

namespace Vigil.Sinks;

/// <summary>The closing summary of a hunt: inputs, events, problems, findings, time, and what other sinks note (the store).</summary>
public static class SummaryText
{
    public static IReadOnlyList<(string Label, string Text)> Lines(HuntReport report, IEnumerable<ISummaryNote>? notes = null)
    {
        var skippedDetections = report.Start.Skipped.Count;
        var counters = report.Counters;
        var findings = report.Results.Sum(r => r.Findings.Count);
        var lines = new List<(string, string)>
        {
            ("Inputs", $"{Count(report.FilesRead, "file")} read, {N(report.FilesUnreadable)} unreadable, {Bytes(counters.Bytes)}"),
            ("Events", $"{Count(counters.Events, "event")} read ({N(counters.Events - counters.Skipped - counters.Malformed)} parsed, {N(counters.Skipped)} skipped by the literal prefilter)"),
            ("Malformed", Count(counters.Malformed, "event") + (counters.DamagedChunks > 0 || counters.Recovered > 0 || counters.Salvaged > 0
                ? $"; {Count(counters.DamagedChunks, "damaged EVTX chunk")}, {Count(counters.Salvaged, "salvaged record")}, {Count(counters.Recovered, "recovered record")}"
                : string.Empty)),
            ("Findings", $"{Count(findings, "finding")} from {Count(report.Results.Count, "detection")}" + (skippedDetections > 0 ? $" ({Count(skippedDetections, "detection")} skipped)" : string.Empty)),
            ("Time", report.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s"),
        };
        foreach (var note in notes ?? [])
        {
            if (note.SummaryNote is { } line)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    public static string OneLine(HuntReport report, IEnumerable<ISummaryNote>? notes = null) =>
        "summary: " + string.Join("; ", Lines(report, notes).Select(l => $"{l.Label.ToLowerInvariant()} {l.Text}"));

    private static string Count(long value, string noun) => $"{N(value)} {noun}{(value == 1 ? string.Empty : "s")}";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
