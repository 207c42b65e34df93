using System.Globalization;
using Vigil.Events.Sources;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;

namespace Vigil.Sinks;

/// <summary>The closing summary of a hunt: inputs, events, problems, findings, time, and what other sinks note (the store).</summary>
public static class SummaryText
{
    /// <summary>The reasons events are skipped, in the order the summary gives them, with their words.</summary>
    private static readonly (SkipReason Reason, string Text)[] Reasons =
    [
        (SkipReason.NoSearchCouldMatch, "no search could match"),
        (SkipReason.NotWellFormed, "not well-formed"),
        (SkipReason.OverLimit, "over a limit"),
        (SkipReason.DamagedRecord, "damaged record"),
    ];

    public static IReadOnlyList<(string Label, string Text)> Lines(HuntReport report, IEnumerable<ISummaryNote>? notes = null)
    {
        var skippedDetections = report.Start.Skipped.Count;
        var counters = report.Counters;
        var findings = report.Results.Sum(r => r.Findings.Count);
        var lines = new List<(string, string)>
        {
            ("Inputs", $"{Count(report.FilesRead, "file")} read, {N(report.FilesUnreadable)} unreadable, {Bytes(counters.Bytes)}"),
            ("Events", Events(counters)),
            ("Findings", $"{Count(findings, "finding")} from {Count(report.Results.Count, "detection")}" + (skippedDetections > 0 ? $" ({Count(skippedDetections, "detection")} skipped)" : string.Empty)),
        };
        var failed = report.Results.Where(r => r.Result.Failure is not null).ToList();
        if (failed.Count > 0)
        {
            // A lookup table that could not be read when a search first looked something up stops it too; it is no limit.
            var reasons = failed.Select(r => r.Result.Failure!.Limit is { Length: > 0 } limit ? limit : "an unreadable lookup table")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var atLimits = failed.All(r => r.Result.Failure!.Limit.Length > 0);
            lines.Add(("Stopped", $"{Count(failed.Count, "detection")} stopped{(atLimits ? " at a limit" : string.Empty)} ({string.Join(", ", reasons)}), {(failed.Count == 1 ? "its" : "their")} results missing"));
        }

        lines.Add(("Time", report.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s"));
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

    /// <summary>
    /// What became of the events of one input or of all: "62,031 events (12 salvaged, 0 recovered): 62,028 parsed, 3
    /// skipped (2 over a limit, 1 damaged record)", and the damaged EVTX chunks when there are any. The numbers add
    /// up: events = parsed + skipped, and the skipped are the sum of their reasons.
    /// </summary>
    public static string Events(SourceCounters counters)
    {
        var skipped = counters.Skipped + counters.Malformed;
        var reasons = Reasons.Select(r => (Count: counters.SkippedFor(r.Reason), r.Text)).Where(r => r.Count > 0).Select(r => $"{N(r.Count)} {r.Text}").ToList();
        var text = $"{Count(counters.Events, "event")} ({N(counters.Salvaged)} salvaged, {N(counters.Recovered)} recovered): {N(counters.Parsed)} parsed, {N(skipped)} skipped"
            + (reasons.Count > 0 ? $" ({string.Join(", ", reasons)})" : string.Empty);
        return counters.DamagedChunks > 0 ? $"{text}; {Count(counters.DamagedChunks, "damaged EVTX chunk")}" : text;
    }

    /// <summary>One input's account: "security.evtx: 63.0 MiB, 62,031 events (...): ... parsed, ... skipped (...)".</summary>
    public static string Input(InputAccount input) =>
        $"{input.Path}: {Bytes(input.Counters.Bytes)}, {Events(input.Counters)}" + (input.Readable ? string.Empty : "; could not be read through");

    /// <summary>Whether an input's account says more than that it was read: anything skipped but by the prefilter, salvaged, recovered or damaged.</summary>
    public static bool IsNoteworthy(InputAccount input) =>
        !input.Readable || input.Counters.Malformed > 0 || input.Counters.Salvaged > 0 || input.Counters.Recovered > 0 || input.Counters.DamagedChunks > 0;

    private static string Count(long value, string noun) => $"{N(value)} {noun}{(value == 1 ? string.Empty : "s")}";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
