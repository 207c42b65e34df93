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
/// Every hunt the tests run through the command line records into a store; this keeps them all out of the user's
/// own store by pointing VIGIL_STORE at a throwaway file for the whole test process (tests that care pass --store).
/// </summary>
internal static class TestStoreEnvironment
{
    public static string SharedStorePath { get; } = Path.Combine(Path.GetTempPath(), "vigil-tests-store-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "vigil.db");

    [ModuleInitializer]
    internal static void PointVigilStoreAway()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SharedStorePath)!);
        Environment.SetEnvironmentVariable(StorePaths.EnvironmentVariable, SharedStorePath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(SharedStorePath)!, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }
}
