using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Vigil.Benchmarks;

if (SampleFiles.EvtxFile() is null)
{
    Console.WriteLine("../shared/evtx not found beside the repository root; EVTX benchmarks will fail their setup (the XML ones run).");
}

// Results go to bench/Vigil.Benchmarks/BenchmarkDotNet.Artifacts (git-ignored), not to the current directory.
IConfig config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(SampleFiles.ProjectDir(), "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(EvtxReadBenchmarks).Assembly).Run(args, config);
return 0;
