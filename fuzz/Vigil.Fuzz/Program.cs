using SharpFuzz;
using Vigil.Fuzz;

if (args is ["xml-seeds", var outXml, .. var evtxFiles])
{
    SeedWriter.XmlEvents(evtxFiles, outXml, perFile: 4);
    return 0;
}

if (args is ["spl-seeds", var escu, var outSpl])
{
    SeedWriter.Searches(escu, outSpl, every: 40);
    return 0;
}

// One harness per run: `dotnet Vigil.Fuzz.dll HARNESS` under afl-fuzz, or `... HARNESS --replay FILE...` to run
// inputs directly (a crasher's stack trace, without AFL). Replay with an uninstrumented build: instrumented code
// writes coverage to AFL's shared memory, which exists only under afl-fuzz.
if (args.Length == 0 || !Harnesses.TryCreate(args[0], out var harness))
{
    Console.Error.WriteLine("usage: Vigil.Fuzz " + string.Join("|", Harnesses.Names) + " [--replay FILE...] | xml-seeds OUT EVTX... | spl-seeds ESCU OUT");
    return 2;
}

if (args.Length > 1 && args[1] == "--replay")
{
    foreach (var file in args.Skip(2))
    {
        Console.WriteLine($"{file}: {harness.Run(File.ReadAllBytes(file))} read");
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    harness.Run(buffer.ToArray());
});
return 0;
