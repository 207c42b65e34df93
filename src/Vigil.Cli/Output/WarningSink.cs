using System.Globalization;
using Vigil.Events.Evtx;
using Vigil.Events.Sources;
using Vigil.Sinks;

namespace Vigil.Cli.Output;

/// <summary>
/// Warnings on stderr as they happen: each input problem (capped, the rest counted), and a one-line account of each
/// EVTX file that had damage or recovered records.
/// </summary>
internal sealed class WarningSink(TextWriter stderr, int limit)
{
    private int _count;

    public ProgressDisplay? Progress { get; set; }

    public void Report(InputProblem problem)
    {
        if (++_count <= limit)
        {
            Write($"warning: {TerminalText.Visible(problem.ToString())}");
        }
    }

    public void FileDone(string path, SourceCounters counters, IEventSource source)
    {
        if (source is EvtxFileSource evtx && (evtx.Summary.Warnings > 0 || evtx.Summary.RecordsRecovered > 0))
        {
            var s = evtx.Summary;
            Write(string.Create(CultureInfo.InvariantCulture,
                $"evtx: {path}: {s.ChunksTotal} chunks ({s.ChunksDamaged} damaged, {s.ChunksEmpty} empty), {s.RecordsRead} records read, {s.RecordsSalvaged} salvaged, {s.RecordsDamaged} damaged, {s.RecordsRecovered} recovered, {s.Warnings} warnings"));
        }
    }

    public void Finish()
    {
        if (_count > limit)
        {
            Write($"warning: ... and {_count - limit} more problems (see the summary)");
        }
    }

    private void Write(string line)
    {
        if (Progress is { } progress)
        {
            progress.WriteLine(line);
        }
        else
        {
            stderr.WriteLine(line);
        }
    }
}
