using System.Diagnostics;
using System.Globalization;
using Vigil.Events.Sources;

namespace Vigil.Cli.Output;

/// <summary>
/// A one-line progress display on the terminal's stderr (files, bytes, MB/s, events/s), refreshed twice a second
/// and cleared before any warning is printed. Off when stderr is not a terminal.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    private readonly TextWriter _stderr;
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Timer? _timer;
    private InputReader? _reader;
    private long _totalBytes;
    private bool _shown;

    public ProgressLine(TextWriter stderr, bool enabled)
    {
        _stderr = stderr;
        Enabled = enabled && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
    }

    public bool Enabled { get; }

    public void Start(InputReader reader, IReadOnlyList<string> paths)
    {
        if (!Enabled)
        {
            return;
        }

        _reader = reader;
        _totalBytes = InputCatalog.ExpandPaths(paths, _ => { }).Sum(p => new FileInfo(p).Length);
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
    }

    /// <summary>Writes a line to stderr without tearing the progress display.</summary>
    public void WriteLine(string text)
    {
        lock (_lock)
        {
            Clear();
            _stderr.WriteLine(text);
        }
    }

    private void Draw()
    {
        var reader = _reader;
        if (reader is null)
        {
            return;
        }

        var done = reader.Counters.BytesDone + (reader.Current?.BytesDone ?? 0);
        var events = reader.Counters.Events + (reader.Current?.Events ?? 0);
        var seconds = Math.Max(0.001, _clock.Elapsed.TotalSeconds);
        var percent = _totalBytes > 0 ? Math.Min(100, 100.0 * done / _totalBytes) : 100;
        var file = reader.CurrentPath is { } path ? Path.GetFileName(path) : string.Empty;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{percent,5:0.0}%  {reader.FilesRead + reader.FilesUnreadable} files done  {done / 1048576.0:0.0} MiB  {done / 1048576.0 / seconds:0.0} MiB/s  {events / seconds:N0} events/s  {file}");
        lock (_lock)
        {
            _stderr.Write("\r\u001b[K" + line);
            _shown = true;
        }
    }

    private void Clear()
    {
        if (_shown)
        {
            _stderr.Write("\r\u001b[K");
            _shown = false;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_lock)
        {
            Clear();
        }
    }
}
