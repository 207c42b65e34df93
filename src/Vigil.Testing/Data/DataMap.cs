namespace Vigil.Testing.Data;

/// <summary>
/// A mapping file (<c>--data-map</c>): one <c>URL&lt;TAB&gt;path</c> a line, for attack data whose local copy does not
/// carry the URL's file name. Relative paths are read from the file's folder; blank lines and lines starting with
/// <c>#</c> are skipped.
/// </summary>
public sealed class DataMap
{
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    private DataMap(string origin) => Origin = origin;

    public string Origin { get; }

    public string? this[string url] => _paths.GetValueOrDefault(url);

    /// <summary>Reads a mapping file; a line without a tab is an error naming the file and line.</summary>
    public static DataMap Read(string path)
    {
        var map = new DataMap(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim() is "" || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new InvalidDataException($"{path}:{number}: expected URL<TAB>path");
            }

            map._paths[line[..tab].Trim()] = Path.GetFullPath(Path.Combine(folder, line[(tab + 1)..].Trim()));
        }

        return map;
    }
}
