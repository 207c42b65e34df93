using System.Text;
using Vigil.Hunt;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Fuzz;

/// <summary>
/// A search compiled against the shipped definitions (macros, event types, data models), as a detection's search is.
/// SplCompileException is how a bad search is reported; anything else is a crash.
/// </summary>
internal sealed class SplHarness : IHarness
{
    // Loaded once per process: the content is the same for every input, and loading it dwarfs one compile.
    private static readonly SplDefinitions Definitions = LoadedContent.Shipped().Definitions;

    public int Run(byte[] input)
    {
        try
        {
            SplPipeline.Compile(Encoding.UTF8.GetString(input), Definitions);
            return 1;
        }
        catch (SplCompileException)
        {
            return 0;
        }
    }
}
