using System.Text;
using Vigil.Cli;

// Console.Out flushes on every write; results can be millions of lines, so stdout gets a large buffer of its own
// (flushed on exit) unless it is a terminal, where a person wants to see output as it comes.
var interactive = !Console.IsOutputRedirected;
var stdout = interactive
    ? Console.Out
    : new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
try
{
    return VigilApp.Run(args, stdout, Console.Error, interactive, ownsProcess: true);
}
finally
{
    stdout.Flush();
}
