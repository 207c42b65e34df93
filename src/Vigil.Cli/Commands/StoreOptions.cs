using System.CommandLine;
using Vigil.Store;

namespace Vigil.Cli.Commands;

/// <summary>The --store option the commands that write or read the store share, and opening the store it names.</summary>
internal sealed class StoreOptions
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"The store file. Default: ${StorePaths.EnvironmentVariable}, else $XDG_DATA_HOME/vigil/vigil.db or ~/.local/share/vigil/vigil.db (%LOCALAPPDATA%\\Vigil\\vigil.db on Windows).",
        HelpName = "PATH",
    };

    public void AddTo(Command command) => command.Options.Add(Store);

    /// <summary>Opens the store to record a hunt, creating it (and the default folder) when missing; null after saying why it cannot.</summary>
    public VigilStore? OpenForHunt(ParseResult parse, TextWriter stderr) =>
        Open(() => VigilStore.Open(StorePaths.Resolve(parse.GetValue(Store), createDefaultFolder: true)), stderr);

    /// <summary>Opens an existing store to read; null after saying why it cannot.</summary>
    public VigilStore? OpenForReading(ParseResult parse, TextWriter stderr) =>
        Open(() => VigilStore.OpenExisting(StorePaths.Resolve(parse.GetValue(Store), createDefaultFolder: false)), stderr);

    private static VigilStore? Open(Func<VigilStore> open, TextWriter stderr)
    {
        try
        {
            return open();
        }
        catch (StoreException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine("error: cannot open the store: " + e.Message);
            return null;
        }
    }
}
