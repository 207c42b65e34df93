using System.Text;

namespace Vigil.Cli.Output;

/// <summary>Where results go: the --output file (UTF-8, no BOM) or standard output, which is flushed but left open.</summary>
internal sealed class OutputFile : IDisposable
{
    private readonly bool _owned;

    public OutputFile(string? path, TextWriter stdout)
    {
        _owned = path is not null;
        Writer = path is null ? stdout : new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
    }

    public TextWriter Writer { get; }

    public void Dispose()
    {
        if (_owned)
        {
            Writer.Dispose();
        }
        else
        {
            Writer.Flush();
        }
    }
}
