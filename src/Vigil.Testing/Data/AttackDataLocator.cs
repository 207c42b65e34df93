namespace Vigil.Testing.Data;

/// <summary>
/// Finds the local copy of a test's attack data. contentctl downloads each URL; Vigil runs offline, so the URL maps to
/// a file: first by the mapping files (exact URL), then by the URL's file name anywhere below the data folders (in the
/// order given; within one folder the first path in ordinal order). A <c>data</c> that is not a URL is a path, read
/// from the detection's own folder, as the seed's shipped test names its sample.
/// </summary>
public sealed class AttackDataLocator
{
    private readonly IReadOnlyList<DataMap> _maps;
    private readonly IReadOnlyList<string> _folders;
    private readonly Dictionary<string, ILookup<string, string>> _filesByName = new(StringComparer.Ordinal);

    public AttackDataLocator(IReadOnlyList<string> folders, IReadOnlyList<DataMap> maps)
    {
        _folders = folders.Select(Path.GetFullPath).ToList();
        _maps = maps;
    }

    public DataResolution Resolve(string data, string? detectionFolder)
    {
        var lookedIn = new List<string>();
        if (!Uri.TryCreate(data, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            var path = Path.GetFullPath(data, detectionFolder ?? Directory.GetCurrentDirectory());
            return new DataResolution(data, File.Exists(path) ? path : null, [path]);
        }

        foreach (var map in _maps)
        {
            lookedIn.Add(map.Origin);
            if (map[data] is { } mapped && File.Exists(mapped))
            {
                return new DataResolution(data, mapped, lookedIn);
            }
        }

        var name = Uri.UnescapeDataString(Path.GetFileName(uri.AbsolutePath));
        foreach (var folder in _folders)
        {
            lookedIn.Add(folder);
            if (name.Length > 0 && FilesByName(folder)[name].FirstOrDefault() is { } found)
            {
                return new DataResolution(data, found, lookedIn);
            }
        }

        return new DataResolution(data, null, lookedIn);
    }

    private ILookup<string, string> FilesByName(string folder)
    {
        if (!_filesByName.TryGetValue(folder, out var files))
        {
            var below = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
            files = below.Order(StringComparer.Ordinal).ToLookup(f => Path.GetFileName(f), StringComparer.Ordinal);
            _filesByName[folder] = files;
        }

        return files;
    }
}
