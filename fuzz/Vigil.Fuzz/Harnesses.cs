using System.Diagnostics.CodeAnalysis;

namespace Vigil.Fuzz;

/// <summary>The harnesses by the name run.sh passes.</summary>
internal static class Harnesses
{
    private static readonly Dictionary<string, Func<IHarness>> Factories = new(StringComparer.Ordinal)
    {
        ["evtx"] = () => new EvtxHarness(),
        ["xml"] = () => new XmlHarness(),
        ["json"] = () => new JsonHarness(),
        ["spl"] = () => new SplHarness(),
        ["content"] = () => new ContentHarness(),
    };

    public static IEnumerable<string> Names => Factories.Keys;

    public static bool TryCreate(string name, [NotNullWhen(true)] out IHarness? harness)
    {
        harness = Factories.TryGetValue(name, out var factory) ? factory() : null;
        return harness is not null;
    }
}
