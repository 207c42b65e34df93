namespace Vigil.Events.Sources;

/// <summary>What reading one file came to: its counters (bytes, events, how many skipped and why), and whether it could be read through.</summary>
public sealed record InputAccount(string Path, SourceCounters Counters, bool Readable);

/// <summary>
/// Reads every input in turn as one stream of events: files below directories, each in the format its content
/// shows. Problems are reported and reading goes on; the counters say what was read.
/// </summary>
public sealed class InputReader
{
    private readonly IReadOnlyList<string> _paths;
    private readonly InputOptions _options;
    private readonly Action<InputProblem> _onProblem;
    private readonly List<InputAccount> _inputs = [];

    public InputReader(IReadOnlyList<string> paths, InputOptions options, Action<InputProblem> onProblem)
    {
        _paths = paths;
        _options = options;
        _onProblem = onProblem;
    }

    /// <summary>All inputs' counters together, live while reading (for progress) and final afterwards.</summary>
    public SourceCounters Counters { get; } = new();

    /// <summary>The counters of the file being read now.</summary>
    public SourceCounters? Current { get; private set; }

    public string? CurrentPath { get; private set; }

    /// <summary>The input (as the user named it) that the file being read comes from.</summary>
    public InputSpec? CurrentInput { get; private set; }

    /// <summary>Each file read so far with its own counters, in reading order (their sum is <see cref="Counters"/>).</summary>
    public IReadOnlyList<InputAccount> Inputs => _inputs;

    public int FilesRead { get; private set; }

    public int FilesUnreadable { get; private set; }

    /// <summary>Called after each file with its path, its counters and its source.</summary>
    public Action<string, SourceCounters, IEventSource>? OnFileDone { get; init; }

    /// <summary>The events of every input in turn; those of an input that declares a sourcetype take it.</summary>
    public IEnumerable<Model.WinEvent> Read(RawEventFilter? rawFilter, CancellationToken cancellationToken = default)
    {
        foreach (var (path, input) in InputCatalog.ExpandPaths(_paths, _onProblem))
        {
            var source = InputCatalog.Open(path, _onProblem, _options, input.Sourcetype);
            if (source is null)
            {
                FilesUnreadable++;
                _inputs.Add(new InputAccount(path, new SourceCounters(), Readable: false));
                continue;
            }

            var counters = new SourceCounters();
            Current = counters;
            CurrentPath = path;
            CurrentInput = input;
            using var events = source.ReadEvents(rawFilter, counters, _onProblem, cancellationToken).GetEnumerator();
            var failed = false;
            while (true)
            {
                try
                {
                    if (!events.MoveNext())
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _onProblem(new InputProblem(path, null, "read failed: " + e.Message, InputProblemKind.UnreadableFile));
                    failed = true;
                    break;
                }

                yield return input.Sourcetype is { } sourcetype ? events.Current.WithSourcetype(sourcetype) : events.Current;
            }

            if (failed)
            {
                FilesUnreadable++;
            }
            else
            {
                FilesRead++;
            }

            Counters.AddFrom(counters);
            _inputs.Add(new InputAccount(path, counters, Readable: !failed));
            Current = null;
            OnFileDone?.Invoke(path, counters, source);
        }
    }
}
