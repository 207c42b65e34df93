namespace Vigil.Events.Sources;

/// <summary>
/// Turns the inputs a user names into event sources: a file is read in the format its content shows, a directory
/// means every file below it (in ordinal name order, so runs are repeatable). An input may declare a sourcetype
/// (<see cref="InputSpec"/>): text in no form Vigil recognises is then read as key=value text.
/// </summary>
public static class InputCatalog
{
    private const int SniffBytes = 512;

    /// <summary>The files of the inputs (each <c>PATH</c> or <c>PATH::SOURCETYPE</c>), with the input each came from.</summary>
    public static IEnumerable<InputFile> ExpandPaths(IEnumerable<string> inputs, Action<InputProblem> onProblem)
    {
        foreach (var input in inputs.Select(InputSpec.Parse))
        {
            var path = input.Path;
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None })
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    yield return new InputFile(file, input);
                }
            }
            else if (File.Exists(path))
            {
                yield return new InputFile(path, input);
            }
            else
            {
                onProblem(new InputProblem(path, null, "no such file or directory", InputProblemKind.UnreadableFile));
            }
        }
    }

    /// <summary>
    /// Whether every input is regular files, read twice the same, of at most <paramref name="maxBytes"/> in all: a
    /// small input may be read ahead, and its run is mostly start-up.
    /// </summary>
    public static bool AreSmallFiles(IReadOnlyList<string> inputs, long maxBytes)
    {
        long total = 0;
        foreach (var file in ExpandPaths(inputs, _ => { }))
        {
            if (SizeOfRegularFile(file.Path) is not { } size || (total += size) > maxBytes)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The size of the file a path leads to (through symbolic links); null when it is no file or its size is 0, as a
    /// pipe's, a device's or a /proc file's is (reading one ahead would take what the hunt is to read, or hang).
    /// </summary>
    private static long? SizeOfRegularFile(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        try
        {
            if (info.LinkTarget is not null)
            {
                info = File.ResolveLinkTarget(path, returnFinalTarget: true) ?? info;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return info is FileInfo { Exists: true, Length: > 0 } file && (file.Attributes & FileAttributes.ReparsePoint) == 0 ? file.Length : null;
    }

    /// <summary>
    /// The source for one file, or null (with a problem reported) when its format is not one Vigil reads. A declared
    /// <paramref name="sourcetype"/> makes text of no recognised form key=value text; the caller gives the events of
    /// recognised forms that sourcetype.
    /// </summary>
    public static IEventSource? Open(string path, Action<InputProblem> onProblem, InputOptions? options = null, string? sourcetype = null)
    {
        Span<byte> head = stackalloc byte[SniffBytes];
        int read;
        try
        {
            using var stream = File.OpenRead(path);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onProblem(new InputProblem(path, null, "cannot read: " + e.Message, InputProblemKind.UnreadableFile));
            return null;
        }

        options ??= InputOptions.Default;
        var (format, encoding) = InputFormatDetector.Detect(head[..read]);
        switch (format)
        {
            case InputFormat.Xml:
                return new XmlFileSource(path, encoding!, options.Limits) { Threads = options.Threads };
            case InputFormat.Evtx:
                return new Evtx.EvtxFileSource(path, options);
            case InputFormat.Json:
                return new Json.JsonFileSource(path, encoding!, options.Limits) { Threads = options.Threads };
            case InputFormat.WinEventLogText:
                return new Classic.WinEventLogFileSource(path, encoding!, options.Limits) { Threads = options.Threads };
            case InputFormat.Unknown when sourcetype is not null && read > 0 && !head[..read].Contains((byte)0):
                return new KeyValue.KeyValueFileSource(path, encoding!, sourcetype, options.Limits) { Threads = options.Threads };
            case InputFormat.Unknown when sourcetype is not null && read > 0:
                onProblem(new InputProblem(path, null, $"declared sourcetype {sourcetype}, but the file is binary, not key=value text", InputProblemKind.UnreadableFile));
                return null;
            default:
                var what = read == 0 ? "empty file" : "not a Windows event log Vigil can read (expected EVTX, event XML, JSON or classic WinEventLog text; key=value text needs its sourcetype, PATH::SOURCETYPE)";
                onProblem(new InputProblem(path, null, what, InputProblemKind.UnreadableFile));
                return null;
        }
    }
}
