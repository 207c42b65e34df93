using System.Formats.Tar;
using System.IO.Compression;

namespace Vigil.Authoring.SplunkApp;

/// <summary>
/// Packs an app folder as Splunk installs apps: a .tar.gz whose entries all sit under the app's folder name
/// (<c>&lt;app&gt;/default/app.conf</c> ...), in name order so that two builds of the same content are the same archive.
/// </summary>
public static class AppPackager
{
    public static string Package(string appDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(appDirectory));
        var appName = Path.GetFileName(full);
        var archive = Path.Combine(Path.GetDirectoryName(full)!, appName + ".tar.gz");
        using var file = File.Create(archive);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, appName + "/"));
        foreach (var directory in Directory.EnumerateDirectories(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, EntryName(appName, full, directory) + "/"));
        }

        foreach (var path in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            tar.WriteEntry(path, EntryName(appName, full, path));
        }

        return archive;
    }

    private static string EntryName(string appName, string root, string path) =>
        appName + "/" + Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
