namespace Vigil.Fuzz;

/// <summary>
/// A private directory for the inputs of one harness process: the readers under test take paths, so each input is
/// written to a file first. Under /dev/shm when there is one, to keep the disk out of every execution.
/// </summary>
internal static class ScratchFiles
{
    public static string Directory { get; } = Create();

    /// <summary>Writes an input to <paramref name="name"/> in the scratch directory and returns its path.</summary>
    public static string Write(string name, byte[] input)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, input);
        return path;
    }

    private static string Create()
    {
        var root = System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Path.Combine(root, "vigil-fuzz-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
