using System.Text;
using Vigil.Events.Json;

namespace Vigil.Fuzz;

/// <summary>
/// Winlogbeat / evtx_dump JSON through framing and mapping. A record that is not JSON of either form becomes an input
/// problem inside the source, so every exception that escapes is a crash.
/// </summary>
internal sealed class JsonHarness : IHarness
{
    public int Run(byte[] input) =>
        EventDrain.Drain(new JsonFileSource(ScratchFiles.Write("input.json", input), Encoding.UTF8));
}
