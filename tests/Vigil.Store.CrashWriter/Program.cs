using System.Diagnostics;
using System.Globalization;
using Vigil.Hunt;
using Vigil.Hunt.Sinks;
using Vigil.Store;
using Vigil.Store.CrashWriter;

// Usage: Vigil.Store.CrashWriter STORE WORKDIR TAG RUNS FINDINGS
// Hunts RUNS generated logs (0: until killed) with the seed detection into STORE, each making FINDINGS new findings.
// Prints "writing TAG N" as run N's store transaction starts and "landed TAG N RUN_ID NEW MS" once it committed.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: Vigil.Store.CrashWriter STORE WORKDIR TAG RUNS FINDINGS");
    return 2;
}

var (storePath, workDir, tag) = (args[0], args[1], args[2]);
var runs = int.Parse(args[3], CultureInfo.InvariantCulture);
var findings = int.Parse(args[4], CultureInfo.InvariantCulture);
Directory.CreateDirectory(workDir);

var content = LoadedContent.Shipped();
var (seed, _) = DetectionCompiler.Compile([content.Library.Find("40c2ba5b-dd6a-496b-9e6e-c9524d0be167")!], content.Library.Definitions);
using var store = VigilStore.Open(storePath);
for (var run = 0; runs == 0 || run < runs; run++)
{
    var input = Path.Combine(workDir, string.Create(CultureInfo.InvariantCulture, $"{tag}-{run:D5}.log"));
    GeneratedLog.Write(input, tag, run, findings);
    var sink = new StoreSink(store);
    var announce = new AnnounceWrite(tag, run);
    HuntRunner.Run(seed, new HuntOptions { Inputs = [input], Knowledge = content.CreateFieldKnowledge(), Sinks = [announce, sink] });
    var recorded = sink.Recorded!;
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"landed {tag} {run} {recorded.RunId} {recorded.FindingsNew} {announce.Writing.ElapsedMilliseconds}"));
    Console.Out.Flush();
    File.Delete(input);
}

return 0;

namespace Vigil.Store.CrashWriter
{
    /// <summary>Sinks finish in order: this one, just before the store's, says the store's transaction is about to start.</summary>
    internal sealed class AnnounceWrite(string tag, int run) : IHuntSink
    {
        public Stopwatch Writing { get; } = new();

        public void Finish(HuntReport report)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writing {tag} {run}"));
            Console.Out.Flush();
            Writing.Start();
        }
    }
}
