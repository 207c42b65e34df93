using System.Globalization;
using System.Runtime.CompilerServices;
using Vigil.Content;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Store;
using Vigil.Tests.Support;

namespace Vigil.Tests.Store;

/// <summary>Hunts into real store files, and raw SQL to check what they hold.</summary>
internal static class StoreTesting
{
    public const string SeedId = "40c2ba5b-dd6a-496b-9e6e-c9524d0be167";

    public const string SeedName = "Windows IIS Components Module Failed to Load";

    public static readonly string SplunkSample = Path.Combine(TestPaths.Samples, "Application.xmlwineventlog.log");

    private static readonly Lazy<(LoadedContent Content, IReadOnlyList<CompiledDetection> Seed)> Seed = new(() =>
    {
        var content = LoadedContent.Shipped();
        var (compiled, failures) = DetectionCompiler.Compile([content.Library.Find(SeedId)!], content.Library.Definitions);
        Assert.Empty(failures);
        return (content, compiled);
    });

    /// <summary>Hunts the inputs with the seed detection into the store (through a wrapper around its sink, if given).</summary>
    public static (HuntReport Report, RecordedRun Recorded) HuntInto(VigilStore store, IReadOnlyList<string> inputs, Func<IHuntSink, IHuntSink>? wrap = null)
    {
        var sink = new StoreSink(store);
        var report = HuntRunner.Run(Seed.Value.Seed, new HuntOptions
        {
            Inputs = inputs,
            Knowledge = Seed.Value.Content.CreateFieldKnowledge(),
            Sinks = [wrap is null ? sink : wrap(sink)],
        }, TestContext.Current.CancellationToken);
        Assert.NotNull(sink.Recorded);
        return (report, sink.Recorded);
    }

    public static long Scalar(VigilStore store, string sql)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static string Text(VigilStore store, string sql)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public static string StorePath(TempDirectory dir) => Path.Combine(dir.Path, "vigil.db");
}

/// <summary>
/// Tests name their store (--store) or hunt with --no-store. Should one forget, VIGIL_STORE points into a folder that
/// does not exist, for the whole test process, so that run fails loudly instead of writing to the user's data directory.
/// </summary>
internal static class TestStoreEnvironment
{
    [ModuleInitializer]
    internal static void PointVigilStoreAway() => Environment.SetEnvironmentVariable(
        StorePaths.EnvironmentVariable,
        Path.Combine(Path.GetTempPath(), "vigil-tests-no-store-" + Guid.NewGuid().ToString("N"), StorePaths.FileName));
}
