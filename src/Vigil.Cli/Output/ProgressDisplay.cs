using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Vigil.Events.Sources;

namespace Vigil.Cli.Output;

/// <summary>
/// Progress on a terminal's stderr while inputs are read: a Spectre.Console progress bar over the inputs' bytes with
/// speed, time left, files done and events per second. Warnings written meanwhile appear above it. Off when stderr is
/// not a terminal (or when asked), so logs and pipes get plain lines only.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly TextWriter _stderr;
    private readonly IAnsiConsole? _console;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressContext? _context;
    private Timer? _timer;
    private ProgressTask? _task;
    private readonly Lock _taskGate = new();

    public ProgressDisplay(TextWriter stderr, bool enabled)
    {
        _stderr = stderr;
        if (enabled && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected)
        {
            _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        }
    }

    /// <summary>Runs the work with the progress display live around it (or plainly when the display is off).</summary>
    public T Run<T>(Func<T> work)
    {
        if (_console is null)
        {
            return work();
        }

        return _console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                _context = context;
                try
                {
                    return work();
                }
                finally
                {
                    _timer?.Dispose();
                    _timer = null;
                    lock (_taskGate)
                    {
                        _task = null;
                    }

                    _context = null;
                }
            });
    }

    /// <summary>
    /// Follows a reader: a task sized to its inputs' bytes, refreshed four times a second. A reader followed after
    /// another (the inputs read again for a search) gets a task of its own, its line starting with
    /// <paramref name="label"/>; the one before is shown done.
    /// </summary>
    public void Follow(InputReader reader, IReadOnlyList<string> paths, string? label = null)
    {
        if (_context is not { } context)
        {
            return;
        }

        _timer?.Dispose();
        var total = InputCatalog.ExpandPaths(paths, _ => { }).Sum(f => new FileInfo(f.Path).Length);
        var prefix = label is null ? string.Empty : label + ": ";
        var task = context.AddTask(Markup.Escape(label ?? "reading"), maxValue: Math.Max(1, total));
        lock (_taskGate)
        {
            if (_task is { } previous)
            {
                previous.Value = previous.MaxValue;
            }

            _task = task;
        }

        var started = _clock.Elapsed.TotalSeconds;
        _timer = new Timer(_ =>
        {
            var done = reader.Counters.BytesDone + (reader.Current?.BytesDone ?? 0);
            var events = reader.Counters.Events + (reader.Current?.Events ?? 0);
            var seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds - started);
            var file = reader.CurrentPath is { } path ? Path.GetFileName(path) : string.Empty;
            lock (_taskGate)
            {
                // A tick of a timer already replaced may still run: it must not move the task it followed back from done.
                if (!ReferenceEquals(_task, task))
                {
                    return;
                }

                task.Value = Math.Min(done, total);
                task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}{reader.FilesRead + reader.FilesUnreadable} files, {events / seconds:N0} events/s  {file}"));
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Writes a line to stderr; above the progress bar while it is live.</summary>
    public void WriteLine(string text)
    {
        if (_console is not null && _context is not null)
        {
            _console.Write(new Text(text + "\n"));
        }
        else
        {
            _stderr.WriteLine(text);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
