using Vigil.Content.Model;
using Vigil.Spl.Execution;
using Vigil.Spl.Syntax;

namespace Vigil.Hunt;

/// <summary>A detection whose search compiled, ready to run.</summary>
public sealed record CompiledDetection(Detection Detection, SplPipeline Pipeline);

/// <summary>A detection whose search cannot run here, with every reason found.</summary>
public sealed record DetectionFailure(Detection Detection, string Reason, string Summary, IReadOnlyList<SplDiagnostic> Diagnostics)
{
    /// <summary>The distinct causes that block it (an id and the construct), first found first.</summary>
    public IReadOnlyList<string> Causes => Diagnostics.Select(d => d.Cause).Distinct().ToList();
}
