namespace Vigil.Events.Sources;

/// <summary>
/// Turns the paths a user names into event sources: a file is read in the format its content shows, a directory
/// means every file below it (in ordinal name order, so runs are repeatable).
/// </summary>
public static class InputCatalog
{
    private const int SniffBytes = 512;

    public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths, Action<InputProblem> onProblem)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.None })
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                onProblem(new InputProblem(path, null, "no such file or directory", InputProblemKind.UnreadableFile));
            }
        }
    }

    /// <summary>The source for one file, or null (with a problem reported) when its format is not one Vigil reads.</summary>
    public static IEventSource? Open(string path, Action<InputProblem> onProblem, InputOptions? options = null)
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

        var (format, encoding) = InputFormatDetector.Detect(head[..read]);
        switch (format)
        {
            case InputFormat.Xml:
                return new XmlFileSource(path, encoding!);
            case InputFormat.Evtx:
                return new Evtx.EvtxFileSource(path, options ?? InputOptions.Default);
            case InputFormat.Json:
                return new Json.JsonFileSource(path, encoding!);
            default:
                var what = read == 0 ? "empty file" : "not a Windows event log Vigil can read (expected EVTX, event XML or JSON)";
                onProblem(new InputProblem(path, null, what, InputProblemKind.UnreadableFile));
                return null;
        }
    }
}
