using System.Text;
using Vigil.Events.Sources;

namespace Vigil.Fuzz;

/// <summary>
/// XmlWinEventLog / Event Viewer XML through framing and parsing. Malformed events become input problems inside the
/// source (it catches XmlException), so every exception that escapes is a crash.
/// </summary>
internal sealed class XmlHarness : IHarness
{
    public int Run(byte[] input) =>
        EventDrain.Drain(new XmlFileSource(ScratchFiles.Write("input.xml", input), Encoding.UTF8));
}
