using Vigil.Content.Model;
using Vigil.Spl.Execution;

namespace Vigil.Hunt;

/// <summary>A detection whose search compiled, ready to run.</summary>
public sealed record CompiledDetection(Detection Detection, SplPipeline Pipeline);

/// <summary>A detection whose search cannot run here, with every reason found.</summary>
public sealed record DetectionFailure(Detection Detection, string Reason, string Summary);
