using System.Runtime;
using Vigil.Events.Sources;

namespace Vigil.Cli.Commands;

/// <summary>
/// No garbage collection in a run over small inputs, which is mostly start-up: what loading content and compiling
/// searches allocates (some 50 MiB for every ESCU detection) lives for the whole run, so collecting it finds little,
/// and the GC's dynamic adaptation starts from a small gen0 budget that made four collections of start-up, one of
/// them full (all of ESCU over the bundled sample, native: 110 to 100 ms, paired). Over larger inputs the GC is left
/// as it is: a region kept open while events were read, or ended when they began, made the hunt of 63 MiB of EVTX
/// slower and its peak RSS 50-70 MB larger.
/// </summary>
internal static class StartupHeap
{
    // Inputs read in a few tens of milliseconds.
    private const long SmallInputs = 1 << 20;

    // More than start-up and a small hunt allocate; past it the GC collects, which ends the region.
    private const long Budget = 128L << 20;

    public static void Begin(IReadOnlyList<string> inputs)
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion || !InputCatalog.AreSmallFiles(inputs, SmallInputs))
        {
            return;
        }

        try
        {
            GC.TryStartNoGCRegion(Budget);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // More than this runtime allows in one region, or a region already open: the GC goes on as it is.
        }
    }
}
