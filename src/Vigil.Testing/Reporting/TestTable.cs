using System.Globalization;
using Vigil.Testing.Running;

namespace Vigil.Testing.Reporting;

/// <summary>
/// The outcomes as a plain text table (detection, test, result, events read, duration), then for each test that did
/// not pass the reason, then the summary line.
/// </summary>
public static class TestTable
{
    private static readonly string[] Headers = ["detection", "test", "result", "events", "duration"];

    public static void Write(TextWriter writer, IReadOnlyList<TestOutcome> outcomes, TestSummary summary)
    {
        var rows = outcomes.Select(o => new[]
        {
            o.Case.Detection.Name,
            o.Case.Test.Name,
            Label(o.Status),
            o.EventsRead.ToString("N0", CultureInfo.InvariantCulture),
            o.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s",
        }).ToList();
        var widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        WriteRow(writer, Headers, widths);
        WriteRow(writer, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            WriteRow(writer, row, widths);
        }

        var explained = outcomes.Where(o => o.Message is not null).ToList();
        if (explained.Count > 0)
        {
            writer.WriteLine();
            foreach (var outcome in explained)
            {
                writer.WriteLine($"{Label(outcome.Status)} {outcome.Case.Detection.Name} / {outcome.Case.Test.Name}: {outcome.Message}");
            }
        }

        writer.WriteLine();
        writer.WriteLine(summary.Line);
    }

    public static string Label(TestStatus status) => status.ToString().ToUpperInvariant();

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        // Numbers (events, duration) align right, text left.
        var padded = cells.Select((c, i) => i >= 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]));
        writer.WriteLine(string.Join("  ", padded).TrimEnd());
    }
}
