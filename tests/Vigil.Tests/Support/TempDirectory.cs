using System.Text;

namespace Vigil.Tests.Support;

/// <summary>A fresh directory for one test's files, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-tests-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text, Encoding? encoding = null)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text, encoding ?? new UTF8Encoding(false));
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
