using Vigil.Events.Sources;
using Vigil.Sinks;

namespace Vigil.Cli.Output;

/// <summary>
/// Warnings on stderr as they happen: each input problem (capped, the rest counted), and a one-line account of each
/// input that had events skipped for a problem of their own, salvaged or recovered records or damage (of every input
/// with <see cref="Verbose"/>): its bytes, events, and how many were skipped and why.
/// </summary>
internal sealed class WarningSink(TextWriter stderr, int limit)
{
    private int _count;

    public ProgressDisplay? Progress { get; set; }

    /// <summary>Give every input's account, not only those of inputs with something to say.</summary>
    public bool Verbose { get; init; }

    public void Report(InputProblem problem)
    {
        if (++_count <= limit)
        {
            Write($"warning: {TerminalText.Visible(problem.ToString())}");
        }
    }

    public void FileDone(string path, SourceCounters counters, IEventSource source)
    {
        var input = new InputAccount(path, counters, Readable: true);
        if (Verbose || SummaryText.IsNoteworthy(input))
        {
            Write("input: " + TerminalText.Visible(SummaryText.Input(input)));
        }
    }

    /// <summary>What a search met: each warning (a limit that cut its results short) and the limit that stopped it.</summary>
    public void SearchMessages(string search, Spl.Execution.SearchResult result)
    {
        foreach (var warning in result.Warnings)
        {
            Write($"warning: {search}: {warning}");
        }

        if (result.Failure is { } failure)
        {
            Write($"error: {search} stopped: {failure.Message}");
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
