using System.CommandLine;
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

    /// <summary>
    /// Checks an output file option when the command line is parsed, before any work: its folder must exist and it must
    /// not name a folder, so a long hunt never ends in an error about where to write.
    /// </summary>
    public static void CheckBeforeWork(Option option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { Length: > 0 } path)
            {
                return;
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (Directory.Exists(path))
            {
                result.AddError($"{option.Name} {path} is a folder; give a file name");
            }
            else if (folder is not null && !Directory.Exists(folder))
            {
                result.AddError($"{option.Name} {path}: the folder {folder} does not exist");
            }
        });
    }

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
