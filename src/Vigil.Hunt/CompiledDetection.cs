using Vigil.Content.Model;
using Vigil.Hunt.Deferral;
using Vigil.Spl.Definitions;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Hunt;

/// <summary>
/// A detection whose search compiled, ready to run; or one whose search an earlier run compiled with the same
/// definitions, whose compiling waits until a hunt's inputs hold an event it could take (<see cref="SearchFacts"/>).
/// </summary>
public sealed class CompiledDetection
{
    private readonly SplDefinitions? _definitions;
    private SplPipeline? _pipeline;

    public CompiledDetection(Detection detection, SplPipeline pipeline)
    {
        Detection = detection;
        _pipeline = pipeline;
    }

    internal CompiledDetection(Detection detection, SearchFacts facts, SplDefinitions definitions)
    {
        Detection = detection;
        Facts = facts;
        _definitions = definitions;
    }

    public Detection Detection { get; }

    /// <summary>The compiled search; one whose compiling waited is compiled now (once, on whichever thread asks first).</summary>
    public SplPipeline Pipeline => Volatile.Read(ref _pipeline) ?? CompileNow();

    /// <summary>What an earlier run learnt of the search, when it was not compiled at once; null when it was.</summary>
    internal SearchFacts? Facts { get; }

    /// <summary>The definitions a waiting search compiles with; null when it was compiled at once.</summary>
    internal SplDefinitions? Definitions => _definitions;

    /// <summary>Whether the search is compiled (else its compiling waits).</summary>
    internal bool IsCompiled => Volatile.Read(ref _pipeline) is not null;

    private SplPipeline CompileNow()
    {
        // The facts were learnt from this search compiling with definitions of the same fingerprint: it compiles again.
        Interlocked.CompareExchange(ref _pipeline, SplPipeline.Compile(Detection.Search, _definitions!), null);
        return _pipeline!;
    }
}

/// <summary>A detection whose search cannot run here, with every reason found.</summary>
public sealed record DetectionFailure(Detection Detection, string Reason, string Summary, IReadOnlyList<SplDiagnostic> Diagnostics)
{
    /// <summary>The distinct causes that block it (an id and the construct), first found first.</summary>
    public IReadOnlyList<string> Causes => Diagnostics.Select(d => d.Cause).Distinct().ToList();
}
